# Start-up and shutdown: command-line options, config file errors, the
# pidfile, unix socket and logfile, SHUTDOWN, SIGTERM and SIGINT.

# Runs the server binary with a config file holding text; for start-ups that
# are expected to fail. Returns {exit_code output}.
proc lifecycle_run_failing {text args} {
    set dir [::server::make_tmpdir startup-fail]
    set conf [file join $dir redis.conf]
    set f [open $conf w]
    puts -nonewline $f $text
    close $f
    try {
        return [run_program 20 [concat [list $::server::binary $conf] $args]]
    } finally {
        file delete -force $dir
    }
}

# Starts the binary with a config file holding text ({PORT} replaced by a
# free port) and extra args, waits until it answers on wait_port (default
# {PORT}), runs body with `port`, `pid` and `dir` set in the caller, stops it.
proc lifecycle_with_server {text argv body {wait_port {}}} {
    upvar 1 port port pid pid dir dir
    set dir [::server::make_tmpdir startup]
    set port [::server::free_port]
    if {$wait_port eq {}} {
        set wait_port $port
    }
    set conf [file join $dir redis.conf]
    set f [open $conf w]
    puts -nonewline $f [string map [list "{PORT}" $port] $text]
    if {[::server::is_redis]} {
        puts $f "\nsave \"\""
    }
    close $f
    set log [file join $dir stdout.log]
    set pid [::server::spawn $dir $log [concat [list $conf] $argv]]
    try {
        set state [::server::wait_ready $pid 127.0.0.1 $wait_port]
        if {$state ne "ready"} {
            fail "server $state; log:\n[::server::tail_file $log 30]"
        }
        uplevel 1 $body
    } finally {
        ::server::stop $pid
        file delete -force $dir
    }
}

# Waits until the innermost test server's process has exited.
proc lifecycle_wait_exit {} {
    if {![::server::wait_exit [srv pid] 10000]} {
        fail "the server is still running"
    }
}

test "--version prints a version and exits 0" {
    lassign [run_program 10 [list $::server::binary --version]] code output
    assert_equal 0 $code
    assert_match {*[0-9].[0-9]*} $output
}

test "A config file that does not exist stops start-up with a non-zero exit" {
    lassign [run_program 10 [list $::server::binary /nonexistent/redis-mini.conf]] code output
    assert {$code ne "0"} "exit code $code"
}

test "An unknown directive stops start-up with a non-zero exit" {
    lassign [lifecycle_run_failing "port 0\nbind 127.0.0.1\nnot-a-directive yes\n"] code
    assert {$code ne "0" && [string is integer -strict $code]} "exit code $code"
}

tags {mini-only} {
    test "An unknown directive prints FATAL CONFIG FILE ERROR with the line and reason" {
        lassign [lifecycle_run_failing "port 0\nbind 127.0.0.1\nnot-a-directive yes\n"] code output
        assert_match {*\*\*\* FATAL CONFIG FILE ERROR*} $output
        assert_match {*line 3*} $output
        assert_match {*not-a-directive*} $output
        assert_match {*Bad directive or wrong number of arguments*} $output
    }

    test "A non-integer port prints FATAL CONFIG FILE ERROR and the reason" {
        lassign [lifecycle_run_failing "# a comment\n\nport abc\n"] code output
        assert {$code ne "0"}
        assert_match {*\*\*\* FATAL CONFIG FILE ERROR*} $output
        assert_match {*line 3*} $output
        assert_match {*argument couldn't be parsed into an integer*} $output
    }

    test "An out of range value prints FATAL CONFIG FILE ERROR and the range" {
        lassign [lifecycle_run_failing "port 0\nmaxclients 0\n"] code output
        assert {$code ne "0"}
        assert_match {*line 2*} $output
        assert_match {*argument must be between 1 and 4294967295 inclusive*} $output
    }

    test "An unbalanced quote in the config file prints FATAL CONFIG FILE ERROR" {
        lassign [lifecycle_run_failing "port 0\nbind \"127.0.0.1\n"] code output
        assert {$code ne "0"}
        assert_match {*line 2*} $output
        assert_match {*Unbalanced quotes in configuration line*} $output
    }

    test "An unknown directive on the command line prints FATAL CONFIG FILE ERROR" {
        lassign [lifecycle_run_failing "port 0\n" --not-a-directive 1] code output
        assert {$code ne "0"}
        assert_match {*\*\*\* FATAL CONFIG FILE ERROR*} $output
        assert_match {*not-a-directive*} $output
    }
}

test "--port on the command line overrides the config file" {
    set other [::server::free_port]
    lifecycle_with_server "port {PORT}\nbind 127.0.0.1\n" [list --port $other] {
        set c [redis_client 127.0.0.1 $other]
        assert_equal [list port $other] [$c config get port]
        $c close
        assert {[catch {socket 127.0.0.1 $port}]} "the config file's port answers"
    } $other
}

test "Directives on the command line override the config file" {
    lifecycle_with_server "port {PORT}\nbind 127.0.0.1\nmaxclients 50\n" {--maxclients 77} {
        set c [redis_client 127.0.0.1 $port]
        assert_equal {maxclients 77} [$c config get maxclients]
        $c close
    }
}

test "The config file may hold comments, blank lines and quoted values" {
    set text "# a comment\n\n   \nport {PORT}\nbind \"127.0.0.1\"\n  # indented comment\ntimeout '12'\n"
    lifecycle_with_server $text {} {
        set c [redis_client 127.0.0.1 $port]
        assert_equal {timeout 12} [$c config get timeout]
        $c close
    }
}

test "bind accepts several addresses and skips optional ones it cannot use" {
    lifecycle_with_server "port {PORT}\nbind 127.0.0.1 -::1\n" {} {
        set c [redis_client 127.0.0.1 $port]
        assert_equal PONG [$c ping]
        $c close
    }
}

start_server {overrides {databases 4 hz 50 tcp-backlog 128 tcp-keepalive 0 loglevel warning}} {
    test "databases sets the number of databases" {
        assert_equal {databases 4} [r config get databases]
        assert_equal OK [r select 3]
        assert_error "ERR DB index is out of range" {r select 4}
        r select 0
    }

    test "hz from the config file is reported by INFO" {
        assert_equal 50 [info_field r server hz]
    }

    test "tcp-keepalive and tcp-backlog are read from the config file" {
        assert_equal {tcp-keepalive 0} [r config get tcp-keepalive]
        assert_equal {tcp-backlog 128} [r config get tcp-backlog]
    }
}

start_server {overrides {logfile server.log}} {
    test "logfile sends the log to that file" {
        set path [file join [srv dir] server.log]
        wait_for_condition 100 20 {[file exists $path] && [file size $path] > 0} else {
            fail "nothing was logged to $path"
        }
    }
}

start_server {} {
    test "SHUTDOWN with an unknown argument is a syntax error and the server keeps running" {
        assert_error "ERR syntax error" {r shutdown foo}
        assert_equal PONG [r ping]
    }

    start_server {} {
        test "SHUTDOWN NOSAVE stops the server without a reply" {
            server_expect_exit
            assert_error "connection closed by server" {r shutdown nosave}
            lifecycle_wait_exit
            assert {[regexp -nocase {shutdown} [read_file [srv log]]]} "no shutdown in the log"
        }
    }

    start_server {} {
        test "SHUTDOWN without arguments stops the server" {
            server_expect_exit
            catch {r shutdown}
            lifecycle_wait_exit
        }
    }

    test "The other server is unaffected by a SHUTDOWN" {
        assert_equal PONG [r ping]
    }
}

start_server {overrides {pidfile redis.pid}} {
    test "pidfile holds the process id while the server runs" {
        set path [file join [srv dir] redis.pid]
        wait_for_condition 100 20 {[file exists $path]} else {
            fail "no pidfile at $path"
        }
        assert_equal [srv pid] [string trim [read_file $path]]
    }

    test "SIGTERM stops the server and removes the pidfile" {
        server_expect_exit
        exec kill -TERM [srv pid]
        lifecycle_wait_exit
        assert_equal 0 [file exists [file join [srv dir] redis.pid]]
    }
}

start_server {overrides {pidfile redis.pid}} {
    test "SIGINT stops the server and removes the pidfile" {
        set path [file join [srv dir] redis.pid]
        wait_for_condition 100 20 {[file exists $path]} else {
            fail "no pidfile at $path"
        }
        server_expect_exit
        exec kill -INT [srv pid]
        lifecycle_wait_exit
        assert_equal 0 [file exists $path]
    }
}

start_server {overrides {unixsocket redis.sock}} {
    test "unixsocket creates a socket that answers commands" {
        set path [file join [srv dir] redis.sock]
        wait_for_condition 100 20 {[file exists $path]} else {
            fail "no unix socket at $path"
        }
        assert_equal socket [file type $path]
        set cli [find_tool redis-cli]
        if {$cli eq ""} {
            skip "redis-cli is not installed"
        }
        lassign [run_program 10 [list $cli -s $path ping]] code output
        assert_equal {0 PONG} [list $code [string trim $output]]
    }

    test "SIGTERM removes the unix socket" {
        server_expect_exit
        exec kill -TERM [srv pid]
        lifecycle_wait_exit
        assert_equal 0 [file exists [file join [srv dir] redis.sock]]
    }
}
