# redis-cli's modes that need more of the server than one command: --scan,
# --bigkeys, --stat, --latency, monitor, and the interactive prompt's hints,
# which redis-cli builds from COMMAND DOCS. tools.tcl has the one-shot modes
# and --pipe. Skipped with a note when redis-cli is not installed, and per
# test when a command it relies on is not in the server's command table.
#
# The long-running modes are read from a pipe until the expected lines have
# arrived, then stopped; nothing here waits a fixed time. --stat and
# --latency-history write to stdout through stdio, which buffers a pipe, so
# they run under `stdbuf -oL`. The prompt needs a terminal: it runs under
# script(1), which gives it a pseudo-terminal.

set cli_wait_ms 20000

proc cli_path {} {
    set cli [find_tool redis-cli]
    if {$cli eq ""} {
        skip "redis-cli is not installed"
    }
    return $cli
}

proc cli_argv {args} {
    return [concat [list [cli_path] -h [srv host] -p [srv port]] $args]
}

# Skips the test unless every named command is in the server's command table.
proc require_commands {args} {
    set infos [r command info {*}$args]
    foreach name $args info $infos {
        if {$info eq ""} {
            skip "[string toupper $name] not available"
        }
    }
}

proc cli_run {args} {
    lassign [run_program 60 [cli_argv {*}$args]] code output
    assert_equal 0 $code "redis-cli $args exit status; output: $output"
    return $output
}

# A redis-cli running in the background, its output read through a pipe.
proc cli_spawn {argv} {
    set fh [open |[concat $argv [list 2>@1]] r+]
    fconfigure $fh -blocking 0 -translation binary
    return $fh
}

# Appends what fh has written to the variable named buf until `condition`
# (an expression evaluated in the caller, usually on that buffer) holds.
# Fails after cli_wait_ms, or if redis-cli exits before that.
proc cli_await {fh bufvar condition what} {
    upvar 1 $bufvar buf
    set deadline [expr {[clock milliseconds] + $::cli_wait_ms}]
    while {![uplevel 1 [list expr $condition]]} {
        append buf [read $fh]
        if {[uplevel 1 [list expr $condition]]} {
            break
        }
        if {[eof $fh]} {
            fail "redis-cli exited before $what; its output: [::test::show $buf]"
        }
        if {[clock milliseconds] > $deadline} {
            fail "no $what within $::cli_wait_ms ms; output so far: [::test::show $buf]"
        }
        after 20
    }
}

# Stops it, and waits for it to exit.
proc cli_stop {fh} {
    foreach pid [pid $fh] {
        catch {exec kill $pid}
    }
    fconfigure $fh -blocking 1
    catch {close $fh}
}

# Lines of text, without the terminal's carriage returns and escape codes.
proc cli_plain {text} {
    regsub -all {\x1b\[[0-9;?]*[A-Za-z]} $text {} text
    return [string map {"\r" ""} $text]
}

start_server {} {
    test "redis-cli --scan --pattern lists exactly the matching keys" {
        cli_path
        require_commands scan
        set expected {}
        for {set i 0} {$i < 120} {incr i} {
            r set user:$i $i
            lappend expected user:$i
        }
        for {set i 0} {$i < 30} {incr i} {
            r set other:$i $i
        }
        set found [split [string trim [cli_run --scan --pattern user:*]] "\n"]
        assert_equal [lsort $expected] [lsort -unique $found]
        set all [split [string trim [cli_run --scan]] "\n"]
        assert_equal 150 [llength [lsort -unique $all]]
        r flushall
    }

    test "redis-cli --bigkeys reports the biggest string and the totals" {
        cli_path
        require_commands scan type strlen
        for {set i 0} {$i < 10} {incr i} {
            r set small:$i x
        }
        r set big [string repeat x 1000]
        set out [cli_run --bigkeys]
        assert_match {*Biggest string found '"big"' has 1000 bytes*} $out
        assert_match {*Sampled 11 keys in the keyspace!*} $out
        assert_match {*11 strings with 1010 bytes (100.00% of keys, avg size 91.82)*} $out
        assert_match {*0 lists with 0 items*} $out
        r flushall
    }

    test "redis-cli --stat prints its header and a line per interval" {
        cli_path
        set stdbuf [find_tool stdbuf]
        if {$stdbuf eq ""} {
            skip "stdbuf (coreutils) is not installed"
        }
        r set a 1
        r set b 2
        r set c 3
        set fh [cli_spawn [concat [list $stdbuf -oL] [cli_argv --stat -i 0.1]]]
        set out ""
        try {
            cli_await $fh out {[regexp -all -line {^3 +\S+ +\d+ +0 } $out] >= 2} \
                "two --stat lines"
        } finally {
            cli_stop $fh
        }
        set lines [split $out "\n"]
        assert_match "------- data ------ *load* - child -*" [lindex $lines 0]
        assert_match "keys *mem *clients *blocked *requests *connections*" [lindex $lines 1]
        # keys mem clients blocked requests (+delta) connections
        assert [regexp {^3 +[0-9.]+[BKMG]? +(\d+) +0 +(\d+) \(\+\d+\) +(\d+)} [lindex $lines 2] \
            -> clients requests connections] "data line: [lindex $lines 2]"
        assert {$clients >= 2} "clients counts the test client and redis-cli"
        assert {$requests >= 3 && $connections >= 2}
    }

    test "redis-cli --latency samples PING and prints one line when not on a terminal" {
        set out [string trim [cli_run --latency -i 0.2]]
        assert [regexp {^(\d+) (\d+) (\d+\.\d\d) (\d+)$} $out -> min max avg samples] \
            "latency line: $out"
        assert {$min <= $max && $samples > 0}
    }

    test "redis-cli --latency-history prints a line per sample until stopped" {
        set stdbuf [find_tool stdbuf]
        if {$stdbuf eq ""} {
            skip "stdbuf (coreutils) is not installed"
        }
        set fh [cli_spawn [concat [list $stdbuf -oL] [cli_argv --latency-history -i 0.1]]]
        set out ""
        try {
            cli_await $fh out {[regexp -all -line {^\d+ \d+ \d+\.\d\d \d+$} $out] >= 3} \
                "three latency lines"
        } finally {
            cli_stop $fh
        }
    }

    test "redis-cli monitor shows the commands of other clients" {
        cli_path
        require_commands monitor
        set fh [cli_spawn [cli_argv monitor]]
        set out ""
        try {
            cli_await $fh out {[string first "OK\n" $out] >= 0} "monitor's OK"
            r set "a b" {x"y}
            r select 1
            r get k
            r select 0
            set pattern {\] "get" "k"}
            cli_await $fh out {[regexp $pattern $out]} "the GET in the monitor output"
        } finally {
            cli_stop $fh
        }
        # time [db client-address] "arg" ...: the db the client had selected,
        # arguments quoted with redis-cli's escapes.
        assert [regexp -line {^\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "set" "a b" "x\\"y"$} $out] \
            "SET line in: $out"
        assert [regexp -line {^\d+\.\d{6} \[1 127\.0\.0\.1:\d+\] "get" "k"$} $out] \
            "GET in db 1 in: $out"
    }

    test "redis-cli prompt hints the remaining arguments from COMMAND DOCS" {
        set cli [cli_path]
        set script [find_tool script]
        if {$script eq ""} {
            skip "script (util-linux) is not installed"
        }
        set docs [r command docs set]
        if {[lsearch -exact [lindex $docs 1] arguments] < 0} {
            skip "COMMAND DOCS gives no arguments for SET"
        }
        set prompt "[srv host]:[srv port]> "
        # redis-cli shows no hints on a "dumb" terminal, which CI may have.
        set fh [cli_spawn [list $script -qfc \
            "stty cols 300 rows 50; TERM=xterm exec $cli -h [srv host] -p [srv port]" \
            /dev/null]]
        set out ""
        set hint {[NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]}
        try {
            # Typing before the prompt would be flushed when it enters raw mode.
            cli_await $fh out {[string first $prompt $out] >= 0} "the prompt"
            puts -nonewline $fh "set hinted v "
            flush $fh
            cli_await $fh out {[string first "set hinted v $hint" [cli_plain $out]] >= 0} \
                "the hint for SET"
            puts -nonewline $fh "\r"
            flush $fh
            cli_await $fh out {[string first "OK\n" [cli_plain $out]] >= 0} "SET's reply"
            puts -nonewline $fh "get "
            flush $fh
            cli_await $fh out {[string first "get key" [cli_plain $out]] >= 0} \
                "the hint for GET"
            puts -nonewline $fh "hinted\rquit\r"
            flush $fh
            cli_await $fh out {[string first "\"v\"" $out] >= 0} "GET's reply"
        } finally {
            cli_stop $fh
        }
        assert_equal v [r get hinted]
    }
}
