# Server lifecycle: owns starting a server binary on a free port in its own
# temp dir, waiting until it answers PING, stopping it, and noticing when it
# died on its own.
#
#   restart_server            ;# stop the innermost server, start it again
#                             ;# in the same dir with the same config file
#   start_server {?overrides {directive value ...}? ?tags {...}? ?args {...}?
#                 ?config_from path?} {
#       r set a 1                 ;# default client of the innermost server
#       r -1 get a                ;# ... of the enclosing one
#       srv port / srv host / srv pid / srv dir / srv log / srv config_file
#       srv -1 port               ;# the enclosing server's port
#   }
#
# overrides are written to the config file in redis.conf syntax after `port`,
# `bind` and `save ""` (no automatic snapshots unless a test asks: a `save`
# override sets the rules); args are extra command-line arguments. config_from starts the
# config file with a copy of the given file (port, bind and overrides are
# appended to it). A test that makes the
# server exit on purpose calls server_expect_exit first. If a server dies on
# its own, the test that was running is followed by a failure that shows the
# last lines of the server's log, and the rest of that start_server body is
# skipped.

namespace eval ::server {
    variable binary ""
    variable counter 0
    variable stack {}
    # Per server state: info($sid,key) with keys host port pid dir log
    # config_file client expect_exit died_reported.
    variable info
    variable ready_timeout_ms 10000
    variable stop_timeout_ms 10000
}

proc ::server::is_redis {} {
    variable binary
    return [expr {[file tail $binary] eq "redis-server"}]
}

proc ::server::free_port {} {
    set s [socket -server ::server::refuse -myaddr 127.0.0.1 0]
    set port [lindex [fconfigure $s -sockname] 2]
    close $s
    return $port
}

proc ::server::refuse {sock args} {
    close $sock
}

proc ::server::tmp_base {} {
    if {[info exists ::env(TMPDIR)] && [file isdirectory $::env(TMPDIR)]} {
        return $::env(TMPDIR)
    }
    return /tmp
}

proc ::server::make_tmpdir {tag} {
    set dir [file join [tmp_base] "redis-mini-test.[pid].$tag"]
    file delete -force $dir
    file mkdir $dir
    return $dir
}

# Quotes a config value the way redis.conf reads it.
proc ::server::quote {value} {
    if {$value ne "" && ![regexp {[\s"'\\]} $value]} {
        return $value
    }
    return "\"[string map {\\ \\\\ \" \\\" \n \\n \r \\r \t \\t} $value]\""
}

proc ::server::write_config {path port overrides base} {
    set f [open $path w]
    if {$base ne ""} {
        set in [open $base r]
        puts -nonewline $f [read $in]
        close $in
    }
    puts $f "port $port"
    puts $f "bind 127.0.0.1"
    # No save rules unless a test sets them (overrides come after and add
    # theirs): with the built-in "3600 1 300 100 60 10000" every one of the
    # suite's servers would write a dump when it is stopped, and a long
    # write-heavy test would fork a BGSAVE in the middle of its timings.
    puts $f "save \"\""
    if {[is_redis]} {
        # redis-server only: accept clients from every loopback address
        # (the 10,000 clients test uses several).
        puts $f "protected-mode no"
    }
    foreach {directive value} $overrides {
        puts $f "$directive [quote $value]"
    }
    close $f
}

# Starts the binary in dir with stdout and stderr going to log; returns pid.
proc ::server::spawn {dir log argv} {
    variable binary
    # Without kill(1) no server could be stopped and each would outlive the
    # suite: refuse to start one at all.
    if {[auto_execok kill] eq ""} {
        error "the kill command is missing (Debian package procps): run deps/install.sh test"
    }
    set old [pwd]
    cd $dir
    try {
        set pid [exec $binary {*}$argv >& $log < /dev/null &]
    } finally {
        cd $old
    }
    return $pid
}

proc ::server::alive {pid} {
    if {[file isdirectory /proc/self]} {
        if {[catch {open /proc/$pid/stat} f]} {
            return 0
        }
        set stat [read $f]
        close $f
        # A zombie has exited; tcl reaps it later.
        if {[regexp {\)\s+([ZX])} $stat]} {
            return 0
        }
        return 1
    }
    return [expr {![catch {exec kill -0 $pid}]}]
}

proc ::server::wait_exit {pid ms} {
    set deadline [expr {[clock milliseconds] + $ms}]
    while {[alive $pid]} {
        if {[clock milliseconds] > $deadline} {
            return 0
        }
        after 20
    }
    return 1
}

proc ::server::stop {pid} {
    variable stop_timeout_ms
    if {![alive $pid]} {
        return
    }
    catch {exec kill -TERM $pid}
    if {![wait_exit $pid $stop_timeout_ms]} {
        catch {exec kill -KILL $pid}
        wait_exit $pid 5000
    }
}

proc ::server::pings {host port} {
    if {[catch {redis_client $host $port} c]} {
        return 0
    }
    $c timeout 1000
    # A server with requirepass answers, with NOAUTH: it is ready too.
    set failed [catch {$c ping} reply]
    set ok [expr {(!$failed && $reply eq "PONG") || ($failed && [string match NOAUTH* $reply])}]
    $c close
    return $ok
}

# Polls until the server answers PING. Returns ready, exited or timeout.
proc ::server::wait_ready {pid host port} {
    variable ready_timeout_ms
    set deadline [expr {[clock milliseconds] + $ready_timeout_ms}]
    while {[clock milliseconds] < $deadline} {
        if {![alive $pid]} {
            return exited
        }
        if {[pings $host $port]} {
            return ready
        }
        after 20
    }
    return timeout
}

proc ::server::tail_file {path n} {
    if {[catch {open $path r} f]} {
        return "(no log at $path)"
    }
    set lines [split [string trimright [read $f] "\n"] "\n"]
    close $f
    return [join [lrange $lines end-[expr {$n - 1}] end] "\n"]
}

# Starts a server; retries on another port if the chosen one was taken.
proc ::server::launch {overrides extra_args {base ""}} {
    variable counter
    variable info
    set sid [incr counter]
    set dir [make_tmpdir $sid]
    set conf [file join $dir redis.conf]
    set log [file join $dir stdout.log]
    for {set attempt 1} {$attempt <= 5} {incr attempt} {
        set port [free_port]
        write_config $conf $port $overrides $base
        if {[catch {spawn $dir $log [concat [list $conf] $extra_args]} pid]} {
            file delete -force $dir
            error "cannot start $::server::binary: $pid"
        }
        set state [wait_ready $pid 127.0.0.1 $port]
        if {$state eq "ready"} {
            break
        }
        stop $pid
        set tail [tail_file $log 30]
        if {$state eq "exited" && [regexp -nocase {address already in use} $tail]} {
            continue
        }
        file delete -force $dir
        error "server failed to start ($state); last lines of its log:\n$tail"
    }
    if {$state ne "ready"} {
        file delete -force $dir
        error "server failed to start: no free port after 5 attempts"
    }
    array set info [list $sid,host 127.0.0.1 $sid,port $port $sid,pid $pid \
        $sid,dir $dir $sid,log $log $sid,config_file $conf $sid,expect_exit 0 \
        $sid,died_reported 0 $sid,client {}]
    return $sid
}

proc ::server::died_unexpectedly {sid} {
    variable info
    return [expr {!$info($sid,expect_exit) && !$info($sid,died_reported)
                  && ![alive $info($sid,pid)]}]
}

proc ::server::report_death {sid context} {
    variable info
    set info($sid,died_reported) 1
    ::test::record_fail "server on port $info($sid,port) died $context" \
        "last 30 lines of $info($sid,log):\n[tail_file $info($sid,log) 30]"
}

# Called after each test: a dead server fails the run once and aborts the
# rest of its start_server body.
proc ::server::check_alive_after_test {name} {
    variable stack
    foreach sid $stack {
        if {[died_unexpectedly $sid]} {
            report_death $sid "during test \"$name\""
            return -code error -errorcode [list SERVER_DIED $sid] \
                "server died"
        }
    }
}

# A sanitizer build writes its findings (memory errors, leaks at exit,
# undefined behaviour) to the server's log: each one fails the run.
proc ::server::check_sanitizer_report {sid} {
    variable info
    if {[catch {open $info($sid,log) r} f]} {
        return
    }
    set log [read $f]
    close $f
    if {[regexp {(ERROR: (Address|Leak)Sanitizer|runtime error:)[^\n]*} $log report]} {
        ::test::record_fail "sanitizer report from the server on port $info($sid,port)" \
            "$report\nlast 30 lines of $info($sid,log):\n[tail_file $info($sid,log) 30]"
    }
}

proc ::server::finish {sid} {
    variable info
    variable stack
    if {$info($sid,client) ne ""} {
        catch {$info($sid,client) close}
    }
    if {[died_unexpectedly $sid]} {
        report_death $sid "before the end of its start_server block"
    }
    stop $info($sid,pid)
    check_sanitizer_report $sid
    file delete -force $info($sid,dir)
    set stack [lrange $stack 0 end-1]
    array unset info $sid,*
}

proc start_server {options body} {
    set overrides {}
    set tags {}
    set args {}
    set config_from ""
    dict for {key value} $options {
        switch -exact -- $key {
            overrides { set overrides $value }
            tags      { set tags $value }
            args      { set args $value }
            config_from { set config_from $value }
            default   { error "start_server: unknown option '$key'" }
        }
    }
    # With --only, a block whose tests cannot be selected is not started
    # (see "Name selection" in test.tcl).
    if {[::test::script_selection $body #[expr {[info level] - 1}]] eq "unselected"} {
        return
    }
    lappend ::test::tags_stack $tags
    try {
        set why [::test::excluded_by [::test::current_tags]]
        if {$why ne ""} {
            ::test::flush_header
            ::test::say "\[skip\] server block with tags {$tags}[::test::where] ($why)"
            return
        }
        if {[catch {::server::launch $overrides $args $config_from} sid]} {
            ::test::record_fail "start_server" $sid
            return
        }
        lappend ::server::stack $sid
        set ::server::info($sid,client) [redis_client 127.0.0.1 [srv port]]
        set code [catch {uplevel 1 $body} msg opts]
        ::server::finish $sid
        if {$code == 1 && [dict get $opts -errorcode] eq [list SERVER_DIED $sid]} {
            return
        }
        if {$code == 1} {
            dict incr opts -level
            return -options $opts $msg
        }
    } finally {
        set ::test::tags_stack [lrange $::test::tags_stack 0 end-1]
    }
}

# Stops the innermost server and starts it again on the same dir and
# config; the default client is reconnected. `how` is "term" (SIGTERM, a
# clean shutdown) or "kill" (SIGKILL: no shutdown work at all, as in a
# crash); `between` runs in the caller's scope while the server is down
# (to damage or replace its files, say).
proc restart_server {{how term} {between {}}} {
    set sid [lindex $::server::stack end]
    upvar #0 ::server::info info
    catch {$info($sid,client) close}
    set info($sid,client) {}
    if {$how eq "kill"} {
        catch {exec kill -KILL $info($sid,pid)}
        ::server::wait_exit $info($sid,pid) 10000
    } else {
        ::server::stop $info($sid,pid)
    }
    uplevel 1 $between
    set pid [::server::spawn $info($sid,dir) $info($sid,log) [list $info($sid,config_file)]]
    set info($sid,pid) $pid
    set state [::server::wait_ready $pid $info($sid,host) $info($sid,port)]
    if {$state ne "ready"} {
        set info($sid,died_reported) 1
        error "server failed to restart ($state); last lines of its log:\n[::server::tail_file $info($sid,log) 30]"
    }
    set info($sid,client) [redis_client $info($sid,host) $info($sid,port)]
}

# The innermost server expects to exit (SHUTDOWN, SIGTERM tests).
proc server_expect_exit {} {
    set sid [lindex $::server::stack end]
    set ::server::info($sid,expect_exit) 1
}

proc ::server::sid_at {level} {
    variable stack
    set index [expr {[llength $stack] - 1 + $level}]
    if {$index < 0 || $index >= [llength $stack]} {
        error "no server at level $level"
    }
    return [lindex $stack $index]
}

proc srv {args} {
    if {[llength $args] == 2} {
        lassign $args level key
    } else {
        set level 0
        set key [lindex $args 0]
    }
    return $::server::info([::server::sid_at $level],$key)
}

# The default client: `r cmd args` or `r -1 cmd args` for an enclosing server.
proc r {args} {
    set level 0
    if {[string is integer -strict [lindex $args 0]]} {
        set level [lindex $args 0]
        set args [lrange $args 1 end]
    }
    set client [srv $level client]
    return [uplevel 1 [list $client {*}$args]]
}

# Replaces the default client with a fresh connection (after QUIT, a
# timeout, a protocol error on r).
proc reconnect {{level 0}} {
    set sid [::server::sid_at $level]
    catch {$::server::info($sid,client) close}
    set ::server::info($sid,client) \
        [redis_client $::server::info($sid,host) $::server::info($sid,port)]
}
