# RDB snapshots: SAVE, LASTSAVE, the dbfilename and dir directives, INFO
# persistence, loading dump.rdb at start-up (and refusing a damaged one),
# and exchanging dump files with redis-check-rdb and redis-server when they
# are installed.

# Every key of every database with its value and PTTL, as a sorted list of
# {db key value pttl} (PTTL rounded down to seconds, since time passes).
proc rdb_dataset {client} {
    set out {}
    for {set db 0} {$db < 16} {incr db} {
        $client select $db
        foreach key [$client keys *] {
            set ttl [$client pttl $key]
            if {$ttl > 0} {
                set ttl [expr {$ttl / 10000}]
            }
            lappend out [list $db $key [$client get $key] $ttl]
        }
    }
    $client select 0
    return [lsort $out]
}

proc rdb_fill {} {
    r set plain "hello world"
    r set int8 -100
    r set int16 30000
    r set int32 -2147483648
    r set bignum 12345678901234
    r set leadingzero 007
    r set empty ""
    r set binary "a\x00b\r\n\xff"
    r set long [string repeat abc 10000]
    r set withttl v
    r pexpire withttl 500000
    r select 5
    r set other db5
    r setex volatile5 1000 x
    r select 0
}

# Runs the server on dir (holding `file` as dump.rdb) and expects it to
# refuse to start; returns {exit_code output}.
proc rdb_start_failing {dir} {
    set port [::server::free_port]
    return [run_program 20 [list $::server::binary --port $port --bind 127.0.0.1 --dir $dir]]
}

proc rdb_read_file {path} {
    set f [open $path rb]
    set data [read $f]
    close $f
    return $data
}

proc rdb_write_file {path data} {
    set f [open $path wb]
    puts -nonewline $f $data
    close $f
}

start_server {} {
    test "SAVE replies +OK and writes dump.rdb in dir, starting with REDIS0010" {
        r set k v
        assert_equal {status OK} [r typed save]
        set data [rdb_read_file [file join [srv dir] dump.rdb]]
        assert_equal REDIS0010 [string range $data 0 8]
    }

    test "CONFIG GET dir is the absolute working directory, dbfilename dump.rdb" {
        assert_equal [list dir [file normalize [srv dir]]] [r config get dir]
        assert_equal {dbfilename dump.rdb} [r config get dbfilename]
    }

    test "CONFIG SET dbfilename refuses a path" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename can't be a path, just a filename" {
            r config set dbfilename a/b.rdb
        }
    }

    test "CONFIG SET dir to a missing directory fails, and dir stays" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory" {
            r config set dir [file join [srv dir] missing]
        }
        assert_equal [list dir [file normalize [srv dir]]] [r config get dir]
    }

    test "SAVE uses dbfilename and dir as changed by CONFIG SET" {
        file mkdir [file join [srv dir] sub]
        r config set dir [file join [srv dir] sub]
        r config set dbfilename other.rdb
        assert_equal OK [r save]
        assert [file exists [file join [srv dir] sub other.rdb]]
        r config set dir [srv dir]
        r config set dbfilename dump.rdb
    }

    test "INFO persistence counts changes since the last SAVE, and SAVE resets it" {
        r save
        assert_equal 0 [info_field r persistence rdb_changes_since_last_save]
        r set a 1
        r set b 2
        r del a
        assert_equal 3 [info_field r persistence rdb_changes_since_last_save]
        r save
        assert_equal 0 [info_field r persistence rdb_changes_since_last_save]
        foreach {field value} {loading 0 rdb_bgsave_in_progress 0 rdb_last_bgsave_status ok
                               aof_enabled 0} {
            assert_equal $value [info_field r persistence $field] $field
        }
    }

    test "LASTSAVE and rdb_last_save_time are the time of the last SAVE" {
        set before [clock seconds]
        r save
        set last [r lastsave]
        assert_range $last $before [clock seconds]
        assert_equal $last [info_field r persistence rdb_last_save_time]
    }
}

start_server {} {
    test "After SAVE and a restart every key, value and TTL is back" {
        rdb_fill
        set before [rdb_dataset [srv client]]
        r save
        restart_server
        assert_equal $before [rdb_dataset [srv client]]
        assert_match "*keys loaded: 12,*" [::server::tail_file [srv log] 30]
        assert_equal 0 [info_field r persistence rdb_changes_since_last_save]
    }

    test "Keys that expired while the server was down are not loaded" {
        r flushall
        r set stays 1
        set at [expr {[clock milliseconds] + 300}]
        r pexpireat goes $at
        r set goes 1
        r pexpireat goes $at
        r save
        ::server::stop [srv pid]
        wait_for_condition 100 20 {[clock milliseconds] > $at + 10} else {
            fail "the clock did not move"
        }
        restart_server
        assert_equal {stays} [r keys *]
        assert_match "*keys loaded: 1, keys expired: 1*" [::server::tail_file [srv log] 30]
    }

    set dump [file join [srv dir] dump.rdb]
    rdb_fill
    r save
    set good [rdb_read_file $dump]

    test "A truncated dump.rdb stops start-up with a log line and exit status 1" {
        set dir [::server::make_tmpdir rdb-truncated]
        rdb_write_file [file join $dir dump.rdb] [string range $good 0 end-20]
        lassign [rdb_start_failing $dir] code output
        file delete -force $dir
        assert_equal 1 $code $output
        assert_match "*Fatal error loading the DB dump.rdb: Short read*" $output
    }

    test "A dump.rdb with a flipped bit stops start-up with a log line and exit status 1" {
        set dir [::server::make_tmpdir rdb-flipped]
        set pos [expr {[string length $good] / 2}]
        binary scan [string index $good $pos] c byte
        set bad [string replace $good $pos $pos [binary format c [expr {$byte ^ 0x04}]]]
        rdb_write_file [file join $dir dump.rdb] $bad
        lassign [rdb_start_failing $dir] code output
        file delete -force $dir
        assert_equal 1 $code $output
        assert_match "*Fatal error loading the DB dump.rdb: *" $output
    }

    test "redis-check-rdb accepts our dump" {
        set tool [find_tool redis-check-rdb]
        if {$tool eq ""} {
            skip "redis-check-rdb is not installed (package redis-tools)"
        }
        lassign [run_program 20 [list $tool $dump]] code output
        assert_equal 0 $code $output
        assert_match {*RDB looks OK*} $output
    }

    # redis-server (7.0) on a dir of our own; runs body with its client `rs`.
    proc rdb_with_redis_server {dir body} {
        set port [::server::free_port]
        set log [file join $dir redis.log]
        set pid [exec [find_tool redis-server] --port $port --bind 127.0.0.1 --dir $dir \
                     --dbfilename dump.rdb --save "" --appendonly no >& $log &]
        try {
            if {[::server::wait_ready $pid 127.0.0.1 $port] ne "ready"} {
                fail "redis-server did not start: [::server::tail_file $log 20]"
            }
            uplevel 1 [list set rs [redis_client 127.0.0.1 $port]]
            uplevel 1 $body
        } finally {
            catch {uplevel 1 {$rs close}}
            ::server::stop $pid
        }
    }

    test "redis-server loads our dump with the same keys, values and TTLs" {
        if {[find_tool redis-server] eq "" || [::server::is_redis]} {
            skip "redis-server is not installed (or is the server under test)"
        }
        set ours [rdb_dataset [srv client]]
        set dir [::server::make_tmpdir rdb-to-redis]
        file copy $dump [file join $dir dump.rdb]
        try {
            rdb_with_redis_server $dir {
                assert_equal $ours [rdb_dataset $rs]
            }
        } finally {
            file delete -force $dir
        }
    }

    test "redis-server's dump loads in ours with the same keys, values and TTLs" {
        if {[find_tool redis-server] eq "" || [::server::is_redis]} {
            skip "redis-server is not installed (or is the server under test)"
        }
        set dir [::server::make_tmpdir rdb-from-redis]
        try {
            rdb_with_redis_server $dir {
                $rs set plain "hello world"
                $rs set int 12345
                $rs set neg -7
                $rs set compressible [string repeat abcdefgh 2000]
                $rs set ttl v
                $rs pexpire ttl 500000
                $rs select 3
                $rs set three 3
                $rs select 0
                $rs save
                set theirs [rdb_dataset $rs]
            }
            r flushall
            r save
            file copy -force [file join $dir dump.rdb] $dump
            restart_server
            assert_equal $theirs [rdb_dataset [srv client]]
        } finally {
            file delete -force $dir
        }
    }
}
