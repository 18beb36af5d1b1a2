# The servers that bench/run.sh and bench/profile.sh start, by name; sourced by both.
# server_command NAME BIN sets the array `server` to the command that starts NAME on port 0 with a backlog of
# 4096, where BIN holds the programs compiled from bench/c. Each prints its port in its first line.
seq_jar=echo-server/target/echo-server.jar
conc_jar=concurrent-server/target/concurrent-server.jar
netty_jar=bench/netty/target/bench-netty.jar

server_command() {
  case $1 in
    sequential) server=(java -jar $seq_jar --backlog 4096 0) ;;
    pool) server=(java -jar $conc_jar --model pool --workers 1000 --backlog 4096 0) ;;
    workers) server=(java -jar $conc_jar --model workers --workers 2 --per-worker 5000 --backlog 4096 0) ;;
    virtual-1) server=(java -jar $conc_jar --model virtual --workers 1 --backlog 4096 0) ;; # one carrier thread
    netty) server=(java -jar $netty_jar 0 4096) ;;
    c-sequential) server=("$2/echo_seq" 0 4096) ;;
    c-epoll) server=("$2/echo_epoll" 0 4096) ;;
    c-workers) server=("$2/echo_epoll" 0 4096 2) ;; # two event loops, as workers
    c-thread) server=("$2/echo_threads" 0 4096) ;;
    *) server=(java -jar $conc_jar --model "$1" --backlog 4096 0) ;; # thread, selector, select, poll, virtual, ...
  esac
}
