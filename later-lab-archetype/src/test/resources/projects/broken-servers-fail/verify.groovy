// The generated project's tests can fail: the server made sequential, then made to forget close(), each fails
// EchoServerTest with the test kit's message. Each variant is built as the passing project is, with this build's
// modules from target/it-repo and everything else from the user's local repository. The script's variables: basedir
// (this folder, under target/test-classes/projects), context.projectDir (the generated project).
def projectDir = context.projectDir
def target = new File(basedir, '../../..').canonicalFile
def settings = new File(target, 'archetype-it/interpolated-settings.xml')
def repo = new File(target, 'it-repo')
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn')
assert settings.isFile() : "expected the archetype plugin's interpolated settings at ${settings}"
def server = new File(projectDir, 'src/main/java/org/example/lab2/EchoServer.java')
def original = server.text

def failsWith = { String variant, String line, String replacement, String expected ->
    assert original.contains(line) : "expected the generated EchoServer to hold the line for the ${variant} variant: ${line}"
    server.text = original.replace(line, replacement)
    def log = new File(projectDir, "build-${variant}.log")
    def build = new ProcessBuilder(mvn.path, '-B', '-s', settings.path, "-Dmaven.repo.local=${repo}", 'test',
            '-Dtest=EchoServerTest').directory(projectDir).redirectErrorStream(true).redirectOutput(log).start()
    int status = build.waitFor()
    assert status != 0 : "expected the ${variant} server to fail EchoServerTest; observed: the build passed (${log})"
    assert log.text.contains(expected) : "expected the ${variant} server to fail with \"${expected}\"; observed otherwise (${log})"
    println "${variant}: EchoServerTest failed as expected: ${expected}"
}

failsWith('sequential', 'new Thread(() -> echo(client), "connection-" + ++accepted).start();', 'echo(client);',
        'expected client 2 while 1 other clients are connected (4 clients at once)')
failsWith('no-close', 'client.close(); // 8. close(): the server\'s FIN', '',
        'expected the server\'s FIN after the client\'s FIN')
server.text = original
return true
