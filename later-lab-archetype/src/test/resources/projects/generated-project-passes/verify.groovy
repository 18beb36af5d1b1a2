// After the generated project's `mvn verify` passed: its tests all ran, none skipped, and it builds with the versions
// sockets-lab builds with. The script's variables: basedir (this folder), context.projectDir (the generated project).
import javax.xml.parsers.DocumentBuilderFactory
import javax.xml.xpath.XPathConstants
import javax.xml.xpath.XPathFactory

def projectDir = context.projectDir
def xpath = XPathFactory.newInstance().newXPath()
def xml = { File file -> DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file) }
def text = { node, String path -> xpath.evaluate(path, node) }

def suite = { String name -> xml(new File(projectDir, "target/surefire-reports/TEST-org.example.lab2.${name}.xml")) }
def contract = suite('EchoServerTest')
assert text(contract, '/testsuite/@tests') == '8' && text(contract, '/testsuite/@skipped') == '0' :
        "expected the 8 scenarios of EchoServerContract to run, none skipped; observed: ${text(contract, '/testsuite/@tests')} run, ${text(contract, '/testsuite/@skipped')} skipped"
def program = suite('EchoServerMainTest')
assert text(program, '/testsuite/@tests') == '2' && text(program, '/testsuite/@skipped') == '0' :
        'expected the 2 tests of EchoServerMainTest to run, none skipped'

def root = xml(new File(basedir, '../../../../../pom.xml'))
def generated = xml(new File(projectDir, 'pom.xml'))
def pinned = { doc ->
    def plugins = xpath.evaluate('/project/build/pluginManagement/plugins/plugin', doc, XPathConstants.NODESET)
    (0..<plugins.length).collectEntries { [(text(plugins.item(it), 'artifactId')): text(plugins.item(it), 'version')] }
}
def ours = pinned(root)
pinned(generated).each { plugin, version ->
    assert ours[plugin] == version : "expected the generated pom's ${plugin} at sockets-lab's version ${ours[plugin]}; observed: ${version}"
}
assert text(generated, '/project/properties/maven.compiler.release') == text(root, '/project/properties/maven.compiler.release')
def bom = text(generated, "/project/dependencyManagement/dependencies/dependency[artifactId='sockets-lab-bom']/version")
assert bom == text(root, '/project/version') : "expected the BOM at sockets-lab's version; observed: ${bom}"
def junit = text(generated, "/project/dependencyManagement/dependencies/dependency[artifactId='junit-bom']/version")
assert junit == text(root, '/project/properties/junit.version') : "expected JUnit at sockets-lab's version; observed: ${junit}"
return true
