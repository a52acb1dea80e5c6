# The client library tests of tests/clients/: which ones can run here, and
# the command line of each. Each is a program in another language that
# prints the same "ok - " / "not ok - " lines as the C test programs and is
# run by tests/run.tcl against a fresh server with --host H --port P (and
# --redis when the server is redis-server). deps/install.sh test installs
# what they need; when something is missing the program is reported as
# skipped, with the reason.

# python3 on PATH may be another installation (pyenv, a venv) than Debian's,
# whose python3-redis provides the module; the first that imports it wins.
proc python_with_redis {} {
    foreach candidate [list [find_tool python3] /usr/bin/python3] {
        if {$candidate ne "" && [file executable $candidate]
                && ![catch {exec $candidate -c "import redis" 2>@1}]} {
            return $candidate
        }
    }
    return ""
}

# A list of label, argv pairs: the client test programs that can run here.
proc client_programs {} {
    set dir [file join $::tests_dir clients]
    set programs {}
    set python [python_with_redis]
    if {$python eq ""} {
        ::test::record_skip "redis-py tests" "no python3 with the redis module;\
            deps/install.sh test installs python3-redis"
    } else {
        lappend programs redis-py [list $python [file join $dir python test_redis_py.py]]
    }
    set node [find_tool node]
    set modules [file join $dir node node_modules @redis client]
    if {$node eq "" || ![file isdirectory $modules]} {
        ::test::record_skip "node-redis tests" "no node, or no $modules;\
            deps/install.sh test installs nodejs and runs npm ci"
    } else {
        lappend programs node-redis [list $node [file join $dir node test.js]]
    }
    return $programs
}
