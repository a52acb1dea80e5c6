# Helpers for the append-only file tests (tests/integration/aof*.tcl):
# reading the files of the innermost server's appendonlydir, the records
# appended since a mark, the whole dataset for before/after comparisons, and
# running the server binary on a directory it is expected to refuse.

proc aof_dir {{level 0}} {
    return [file join [srv $level dir] appendonlydir]
}

proc aof_write_file {path data} {
    set f [open $path wb]
    puts -nonewline $f $data
    close $f
}

proc aof_manifest {{level 0}} {
    return [read_file [file join [aof_dir $level] appendonly.aof.manifest]]
}

# The file names the manifest lists as type t (b, i or h), in order.
proc aof_manifest_files {type {level 0}} {
    set names {}
    foreach line [split [aof_manifest $level] "\n"] {
        if {[regexp {^file (\S+) seq \d+ type (.)$} $line -> name t] && $t eq $type} {
            lappend names $name
        }
    }
    return $names
}

proc aof_incr_path {{level 0}} {
    return [file join [aof_dir $level] [lindex [aof_manifest_files i $level] end]]
}

# RESP records -> list of commands, each a list of arguments. An error if
# the bytes are not whole records.
proc aof_parse {data} {
    set cmds {}
    set pos 0
    set len [string length $data]
    while {$pos < $len} {
        if {[string index $data $pos] ne "*"} {
            error "not a record at offset $pos"
        }
        set eol [string first "\r\n" $data $pos]
        set argc [string range $data [expr {$pos + 1}] [expr {$eol - 1}]]
        set pos [expr {$eol + 2}]
        set cmd {}
        for {set i 0} {$i < $argc} {incr i} {
            set eol [string first "\r\n" $data $pos]
            set n [string range $data [expr {$pos + 1}] [expr {$eol - 1}]]
            set start [expr {$eol + 2}]
            lappend cmd [string range $data $start [expr {$start + $n - 1}]]
            set pos [expr {$start + $n + 2}]
        }
        lappend cmds $cmd
    }
    return $cmds
}

# Remembers the end of the current incr file; aof_since_mark returns the
# records appended after it (and moves the mark).
proc aof_mark {} {
    set ::aof_mark_path [aof_incr_path]
    set ::aof_mark_size [file size $::aof_mark_path]
}

proc aof_since_mark {} {
    set data [read_file $::aof_mark_path]
    set new [string range $data $::aof_mark_size end]
    set ::aof_mark_size [string length $data]
    return [aof_parse $new]
}

# Runs a command and returns the records it appended. The record is in the
# file once the reply is here: the server writes it before any reply.
proc aof_records_of {args} {
    aof_mark
    uplevel 1 [list r {*}$args]
    return [aof_since_mark]
}

# Every key of every database with its value and expiry (PEXPIRETIME, which
# does not move with the clock), sorted.
proc aof_dataset {client} {
    set out {}
    for {set db 0} {$db < 16} {incr db} {
        $client select $db
        foreach key [$client keys *] {
            lappend out [list $db $key [$client get $key] [$client pexpiretime $key]]
        }
    }
    $client select 0
    return [lsort $out]
}

# Runs the server binary in dir with appendonly yes and extra options,
# expecting it to exit by itself; returns {exit_code output}.
proc aof_start_failing {dir args} {
    set port [::server::free_port]
    return [run_program 20 [concat [list $::server::binary --port $port --bind 127.0.0.1 \
        --dir $dir --appendonly yes] $args]]
}

# The innermost server's log, as text.
proc aof_server_log {} {
    return [read_file [srv log]]
}

# 1 when no AOF rewrite runs and none is scheduled. Both fields come from
# one INFO reply: read from two, a scheduled rewrite that starts in between
# shows as not in progress (the first reply) and not scheduled (the second),
# and the caller would go on before the rewrite had even begun.
proc aof_rewrite_idle {{client r}} {
    set fields [info_parse [$client info persistence]]
    return [expr {[dict get $fields aof_rewrite_in_progress] == 0 &&
                  [dict get $fields aof_rewrite_scheduled] == 0}]
}

# Fails unless the innermost server's AOF is complete: a manifest naming one
# base and one incr file, both there. The server writes the manifest before
# it reports the rewrite done, so this holds as soon as
# aof_wait_rewrite_done returns. when says when, for the failure message.
proc aof_assert_complete {when} {
    set manifest [file join [aof_dir] appendonly.aof.manifest]
    if {![file exists $manifest]} {
        fail "no AOF $when: files [glob -nocomplain -tails -directory [aof_dir] *]\n[r info persistence]\nlast lines of the server's log:\n[::server::tail_file [srv log] 20]"
    }
    foreach type {b i} {
        set names [aof_manifest_files $type]
        assert_equal 1 [llength $names] "type $type files in the manifest: [aof_manifest]"
        assert [file exists [file join [aof_dir] [lindex $names 0]]] "[lindex $names 0] exists"
    }
}

# Waits until no AOF rewrite runs (or is scheduled).
proc aof_wait_rewrite_done {{client r}} {
    wait_for_condition 500 20 {[aof_rewrite_idle $client]} else {
        set sid [lindex $::server::stack end]
        set persistence [$client info persistence]
        fail "the AOF rewrite did not finish:\n$persistence\nlast lines of the server's log:\n[::server::tail_file $::server::info($sid,log) 20]"
    }
}

# Starts the server binary on dir (appendonly yes plus args) and reports
# what became of it: {started LOG} once it accepts connections (it is then
# stopped again), or {exit CODE LOG} if it ended by itself first; a server
# killed by a signal gives exit 128+N.
proc aof_try_start {dir args} {
    set port [::server::free_port]
    set log [file join $dir try.log]
    file delete $log
    set argv [concat [list $::server::binary --port $port --bind 127.0.0.1 --dir $dir \
        --appendonly yes --logfile $log] $args]
    set script {
        "$@" & pid=$!
        i=0
        while [ $i -lt 500 ]; do
            if ! kill -0 $pid 2>/dev/null; then wait $pid; echo "exit $?"; exit 0; fi
            if grep -q "Ready to accept connections" "$LOG" 2>/dev/null; then
                kill -TERM $pid; wait $pid; echo started; exit 0
            fi
            sleep 0.02; i=$((i+1))
        done
        kill -KILL $pid; wait $pid; echo timeout
    }
    set ::env(LOG) $log
    set out [exec sh -c $script sh {*}$argv]
    unset ::env(LOG)
    set text [expr {[file exists $log] ? [read_file $log] : ""}]
    return [concat $out [list $text]]
}

# One RESP record of the arguments.
proc aof_resp {args} {
    set out "*[llength $args]\r\n"
    foreach a $args {
        append out "\$[string length $a]\r\n$a\r\n"
    }
    return $out
}

# A fresh directory holding appendonlydir with the given files (name ->
# bytes) and a manifest of the given lines (default: every incr file given,
# in order); returns the directory.
proc aof_make_dir {tag files {manifest ""}} {
    set dir [::server::make_tmpdir aof-$tag]
    file mkdir [file join $dir appendonlydir]
    set seq 0
    set lines ""
    foreach {name data} $files {
        aof_write_file [file join $dir appendonlydir $name] $data
        if {[regexp {\.incr\.aof$} $name]} {
            append lines "file $name seq [incr seq] type i\n"
        }
    }
    if {$manifest eq ""} {
        set manifest $lines
    }
    aof_write_file [file join $dir appendonlydir appendonly.aof.manifest] $manifest
    return $dir
}

# Runs every write command redis-mini has, across databases, with expiry
# times, a transaction and a key that expires at once: a dataset to compare
# before and after a restart, or between servers.
proc aof_fill_every_command {} {
    r set plain "hello world"
    r set empty ""
    r set binary "a\x00b\r\n\xff"
    r set long [string repeat abc 10000]
    r set withttl v EX 1000
    r set keepttl v PX 500000
    r set keepttl v2 KEEPTTL
    r setex sx 1000 v
    r psetex psx 1000000 v
    r setnx snx v
    r getset gs new
    r mset m1 1 m2 2
    r msetnx mn1 1 mn2 2
    r incr counter
    r incrby counter 10
    r decr counter
    r decrby counter 3
    r incrbyfloat fl 2.5
    r set flttl 1 EX 1000
    r incrbyfloat flttl 0.25
    r append ap hello
    r append ap " world"
    r setrange sr 3 abc
    r set gd v
    r getdel gd
    r set gx v
    r getex gx EX 1000
    r set gp v EX 1000
    r getex gp PERSIST
    r set ex1 v
    r expire ex1 1000
    r set ex2 v
    r pexpireat ex2 [expr {[clock milliseconds] + 900000}]
    r set ex3 v EX 1000
    r persist ex3
    r set gone v
    r expire gone -1
    r set del1 v
    r del del1
    r set ren v
    r rename ren renamed
    r set cp v
    r copy cp cp2
    r copy cp cp3 DB 2
    r set mv v
    r move mv 3
    r select 4
    r set in4 v4
    r set short v PX 1
    r select 5
    r set in5 v5
    r swapdb 4 5
    r select 0
    r multi
    r set tx1 a
    r incr tx2
    r expire tx1 1000
    r exec
    r select 7
    r set f7 v
    r flushdb
    r set after7 v
    r select 0
}

# Builds an AOF dir from `files` (as aof_make_dir), starts a server on it
# and asserts that start-up refuses it: exit status 1 and a log matching
# `pattern`. The dir is removed afterwards.
proc aof_assert_refused {tag files pattern} {
    set dir [aof_make_dir $tag $files]
    lassign [aof_try_start $dir] outcome code log
    assert_equal {exit 1} [list $outcome $code] $log
    assert_match $pattern $log
    file delete -force $dir
}
