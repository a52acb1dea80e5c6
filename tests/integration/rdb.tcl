# RDB snapshots: SAVE, LASTSAVE, the dbfilename, dir, rdbcompression and
# rdbchecksum directives, INFO persistence, loading dump.rdb at start-up
# (and refusing a damaged one), and exchanging dump files with
# redis-check-rdb and redis-server 7.0 (the Debian package, which
# `deps/install.sh test` installs): each loads the other's dumps with the
# same databases, keys, values and TTLs. Those tests are skipped, with a
# note, only when /usr/bin/redis-server is missing.

# The reference server and checker of the interop tests.
set ::rdb_redis_server /usr/bin/redis-server
set ::rdb_check_rdb /usr/bin/redis-check-rdb

# Skips the current test unless a real redis-server can be run beside the
# server under test.
proc rdb_need_redis_server {} {
    if {![file executable $::rdb_redis_server]} {
        skip "$::rdb_redis_server is missing (Debian package redis-server; deps/install.sh test installs it)"
    }
    if {[::server::is_redis]} {
        skip "the server under test is redis-server itself"
    }
}

# The whole dataset as a dict {db key} -> {value pttl}, read with pipelined
# GETs and PTTLs.
proc rdb_snapshot {client} {
    set out [dict create]
    for {set db 0} {$db < 16} {incr db} {
        $client select $db
        set keys [$client keys *]
        $client deferred 1
        foreach key $keys {
            $client get $key
            $client pttl $key
        }
        $client deferred 0
        foreach key $keys {
            set value [$client read]
            dict set out [list $db $key] [list $value [$client read]]
        }
    }
    $client select 0
    return $out
}

# Fails unless the snapshots hold the same keys with the same values, and
# PTTLs both -1 or both positive and within tolerance_ms of each other.
proc rdb_assert_same {expected actual {tolerance_ms 60000}} {
    assert_equal [dict size $expected] [dict size $actual] "number of keys"
    dict for {k want} $expected {
        if {![dict exists $actual $k]} {
            fail "key {$k} is missing"
        }
        lassign $want value ttl
        lassign [dict get $actual $k] got_value got_ttl
        if {$value ne $got_value} {
            fail "key {$k}: a value of [string length $value] bytes came back as\
                  [string length $got_value] different ones"
        }
        if {($ttl == -1) != ($got_ttl == -1) || ($ttl != -1 && ($got_ttl <= 0 ||
                abs($ttl - $got_ttl) > $tolerance_ms))} {
            fail "key {$k}: PTTL $ttl came back as $got_ttl"
        }
    }
}

# redis-server (7.0) on a dir of our own; runs body with its client `rs`.
proc rdb_with_redis_server {dir body} {
    set port [::server::free_port]
    set log [file join $dir redis.log]
    set pid [exec $::rdb_redis_server --port $port --bind 127.0.0.1 --dir $dir \
                 --dbfilename dump.rdb --save "" --appendonly no \
                 --enable-debug-command yes >& $log &]
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

# Copies a dump into a fresh dir, runs redis-server on it and compares its
# dataset with `expected` key by key, and DEBUG DIGEST with `digest` when
# one is given.
proc rdb_check_in_redis_server {dump expected {digest ""}} {
    set dir [::server::make_tmpdir rdb-interop]
    file copy $dump [file join $dir dump.rdb]
    try {
        rdb_with_redis_server $dir {
            rdb_assert_same $expected [rdb_snapshot $rs]
            if {$digest ne ""} {
                assert_equal $digest [$rs debug digest]
            }
        }
    } finally {
        file delete -force $dir
    }
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
        set before [rdb_snapshot [srv client]]
        r save
        restart_server
        rdb_assert_same $before [rdb_snapshot [srv client]]
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

    test "redis-server loads our dump with the same keys, values and TTLs" {
        rdb_need_redis_server
        set ours [rdb_snapshot [srv client]]
        rdb_check_in_redis_server $dump $ours
    }

    test "redis-server's dump loads in ours with the same keys, values and TTLs" {
        rdb_need_redis_server
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
                set theirs [rdb_snapshot $rs]
            }
            r flushall
            r save
            file copy -force [file join $dir dump.rdb] $dump
            restart_server
            rdb_assert_same $theirs [rdb_snapshot [srv client]]
        } finally {
            file delete -force $dir
        }
    }
}

# --- rdbcompression and rdbchecksum -----------------------------------------

# The bytes a key of type string and its name take in a dump, which the
# value's encoding follows: a plain length, or 0xc3 for LZF.
proc rdb_key_bytes {key} {
    return "\x00[binary format c [string length $key]]$key"
}

# The byte after key's name in data (the start of its value), or "" if the
# key is not there.
proc rdb_value_byte {data key} {
    set needle [rdb_key_bytes $key]
    set at [string first $needle $data]
    if {$at < 0} {
        return ""
    }
    binary scan [string index $data [expr {$at + [string length $needle]}]] cu byte
    return $byte
}

start_server {overrides {save ""}} {
    set dump [file join [srv dir] dump.rdb]

    test "rdbcompression and rdbchecksum are yes by default" {
        assert_equal {rdbcompression yes} [r config get rdbcompression]
        assert_equal {rdbchecksum yes} [r config get rdbchecksum]
    }

    test "CONFIG SET rdbcompression takes yes or no; rdbchecksum is immutable" {
        assert_equal OK [r config set rdbcompression no]
        assert_equal {rdbcompression no} [r config get rdbcompression]
        assert_equal OK [r config set rdbcompression YES]
        assert_equal {rdbcompression yes} [r config get rdbcompression]
        assert_error "ERR CONFIG SET failed (possibly related to argument 'rdbcompression') - argument must be 'yes' or 'no'" \
            {r config set rdbcompression maybe}
        assert_error "ERR CONFIG SET failed (possibly related to argument 'rdbchecksum') - can't set immutable config" \
            {r config set rdbchecksum no}
    }

    test "With rdbcompression yes a string over 20 bytes is written LZF-compressed, 20 bytes plain" {
        r flushall
        r set a21 [string repeat a 21]
        r set a20 [string repeat a 20]
        r set text [string repeat "redis-mini " 1000]
        r set int 12345
        r save
        set data [rdb_read_file $dump]
        assert_equal 0xc3 [format 0x%x [rdb_value_byte $data a21]]
        assert_equal 20 [rdb_value_byte $data a20]
        assert_equal 0xc3 [format 0x%x [rdb_value_byte $data text]]
        assert {[string length $data] < 1000} "a dump of [string length $data] bytes"
        # An integer is an integer either way (0xc1: 16 bits).
        assert_equal 0xc1 [format 0x%x [rdb_value_byte $data int]]
    }

    test "With rdbcompression no every string is written plain, and the dump loads back" {
        r config set rdbcompression no
        r save
        set data [rdb_read_file $dump]
        assert_equal 21 [rdb_value_byte $data a21]
        assert_equal 1 [expr {[rdb_value_byte $data text] >> 6}] ;# a 14-bit length
        assert {[string length $data] > 11000} "a dump of [string length $data] bytes"
        assert_equal 0xc1 [format 0x%x [rdb_value_byte $data int]]
        restart_server
        assert_equal [string repeat "redis-mini " 1000] [r get text]
        assert_equal [string repeat a 21] [r get a21]
        r config set rdbcompression yes
    }

    test "CONFIG REWRITE writes rdbcompression no" {
        r config set rdbcompression no
        assert_equal OK [r config rewrite]
        assert_match "*\nrdbcompression no\n*" [rdb_read_file [srv config_file]]
        restart_server
        assert_equal {rdbcompression no} [r config get rdbcompression]
    }
}

start_server {overrides {save "" rdbchecksum no}} {
    set dump [file join [srv dir] dump.rdb]

    test "With rdbchecksum no the dump ends with EOF and a zero checksum, and loads back" {
        assert_equal {rdbchecksum no} [r config get rdbchecksum]
        rdb_fill
        set before [rdb_snapshot [srv client]]
        r save
        set data [rdb_read_file $dump]
        assert_equal "\xff[string repeat \x00 8]" [string range $data end-8 end]
        restart_server
        rdb_assert_same $before [rdb_snapshot [srv client]]
    }

    test "A dump with a zero checksum is loaded without checking it" {
        # A changed value byte goes unnoticed without a checksum, as in Redis.
        set data [rdb_read_file $dump]
        set at [string first "hello world" $data]
        assert {$at > 0}
        set data [string replace $data $at $at H]
        rdb_write_file $dump $data
        restart_server
        assert_equal "Hello world" [r get plain]
    }

    test "With rdbchecksum no a wrong checksum is not checked either, as in Redis" {
        set data [rdb_read_file $dump]
        rdb_write_file $dump "[string range $data 0 end-8]wrongsum"
        restart_server
        assert_equal "Hello world" [r get plain]
    }
}

# --- interop with redis-server 7.0, key by key -------------------------------

proc rdb_random_bytes {n} {
    set f [open /dev/urandom rb]
    set data [read $f $n]
    close $f
    return $data
}
# 1 MB of random bytes, the same for every server filled in this run.
set ::rdb_random_mb [rdb_random_bytes 1048576]

# The value of key number i of the interop dataset: integers of every RDB
# width and some that are not integers to RDB, empty and binary strings,
# strings just under and over the compression threshold, compressible and
# incompressible ones.
proc rdb_interop_value {db i} {
    switch -exact -- [expr {$i % 12}] {
        0 { return $i }
        1 { return [expr {-$i * 1000}] }
        2 { return [lindex {2147483647 -2147483648 2147483648 -2147483649 9223372036854775807} [expr {$i % 5}]] }
        3 { return "0$i" }
        4 { return "" }
        5 { return "bin\x00\xff\r\n$db:$i\x00" }
        6 { return [string repeat "abc$i " [expr {4 + $i % 50}]] }
        7 { return [string repeat a [expr {20 + $i % 2}]] }
        8 { return [string range $::rdb_random_mb [expr {$i * 7}] [expr {$i * 7 + 20 + $i % 200}]] }
        9 { return "text $i of db $db: [string repeat {the quick brown fox } [expr {1 + $i % 30}]]" }
        10 { return " $i" }
        default { return "v$db:$i" }
    }
}

# Fills a server with 16 databases of 640 keys each (10,240), every ninth
# with an expiry far away, plus special keys and two values of 1 MB.
proc rdb_interop_fill {client} {
    set replies 0
    $client deferred 1
    for {set db 0} {$db < 16} {incr db} {
        $client select $db
        incr replies
        for {set i 0} {$i < 640} {incr i} {
            $client set "key:$db:$i" [rdb_interop_value $db $i]
            incr replies
            if {$i % 9 == 0} {
                $client pexpire "key:$db:$i" [expr {5000000 + $i * 1000}]
                incr replies
            }
        }
    }
    $client select 0
    $client set "" "the empty key"
    $client set "\x00\xffbinary key\r\n" "binary key's value"
    $client set [string repeat "long compressible key " 20] long-key
    $client set 12345 "an integer key"
    $client set big:text [string repeat "0123456789abcdef" 65536]
    $client set big:random $::rdb_random_mb
    $client set big:ttl [string repeat "z" 1048576]
    $client pexpire big:ttl 9000000
    incr replies 9
    $client deferred 0
    for {set i 0} {$i < $replies} {incr i} {
        $client read
    }
}

start_server {overrides {save "" enable-debug-command yes}} {
    set dump [file join [srv dir] dump.rdb]

    test "Our dump, compressed, loads in redis-server 7.0: every db, key, value and TTL" {
        rdb_need_redis_server
        r flushall
        rdb_interop_fill [srv client]
        set ::rdb_ours [rdb_snapshot [srv client]]
        set ::rdb_ours_digest [r debug digest]
        assert {[dict size $::rdb_ours] > 10000}
        r save
        set data [rdb_read_file $dump]
        assert_equal 0xc3 [format 0x%x [rdb_value_byte $data big:text]]
        assert_equal 0xc3 [format 0x%x [rdb_value_byte $data key:0:6]]
        rdb_check_in_redis_server $dump $::rdb_ours $::rdb_ours_digest
    }

    test "Our dump with rdbcompression no loads in redis-server 7.0 the same" {
        rdb_need_redis_server
        r config set rdbcompression no
        r save
        r config set rdbcompression yes
        assert_equal 0x80 [format 0x%x [rdb_value_byte [rdb_read_file $dump] big:text]]
        rdb_check_in_redis_server $dump $::rdb_ours $::rdb_ours_digest
    }

    test "redis-check-rdb accepts our dumps with compression on and off" {
        if {![file executable $::rdb_check_rdb]} {
            skip "$::rdb_check_rdb is missing (Debian package redis-tools)"
        }
        foreach compression {yes no} {
            r config set rdbcompression $compression
            r save
            lassign [run_program 60 [list $::rdb_check_rdb $dump]] code output
            assert_equal 0 $code $output
            assert_match {*RDB looks OK*} $output
            assert_match "*Checking RDB file $dump*" $output
        }
        r config set rdbcompression yes
    }

    foreach compression {yes no} {
        test "redis-server's dump written with rdbcompression $compression loads in ours: every db, key, value and TTL" {
            rdb_need_redis_server
            set dir [::server::make_tmpdir rdb-from-redis]
            try {
                rdb_with_redis_server $dir {
                    $rs config set rdbcompression $compression
                    rdb_interop_fill $rs
                    set theirs [rdb_snapshot $rs]
                    set digest [$rs debug digest]
                    assert_equal OK [$rs save]
                }
                set data [rdb_read_file [file join $dir dump.rdb]]
                set want [expr {$compression eq "yes" ? 0xc3 : 0x80}]
                assert_equal $want [rdb_value_byte $data big:text]
                file copy -force [file join $dir dump.rdb] $dump
                restart_server
                rdb_assert_same $theirs [rdb_snapshot [srv client]]
                assert_equal $digest [r debug digest]
                assert_match "*keys loaded: [dict size $theirs], keys expired: 0*" \
                    [::server::tail_file [srv log] 30]
            } finally {
                file delete -force $dir
            }
        }
    }
}

# --- the same LZF bytes as redis-server --------------------------------------

# Both servers compress with Debian's liblzf, so a value is written as the
# same bytes by both. liblzf's output is a function of its input alone: its
# hash table is not cleared between calls, but a slot this input has not
# filled yet is looked up only where its 3 bytes occur for the first time,
# so nothing earlier can match. So every comparison below is exact.

# The values of the byte-for-byte test, one per database so that both
# dumps hold their keys in the same order: 21 bytes of one letter (the
# shortest string compressed), 100 bytes of repeated text, 1 MB of
# repeated text, a text that is not periodic (numbered lines), and random
# bytes (1000 and 1 MB) that LZF cannot shrink by 4 bytes, so both write
# them plain.
proc rdb_lzf_values {} {
    set lines ""
    for {set i 0} {[string length $lines] < 50000} {incr i} {
        append lines "line $i: [expr {$i * $i % 9973}] of [string repeat x [expr {$i % 7}]]\n"
    }
    return [list [string repeat a 21] \
                [string range [string repeat "the quick brown fox " 5] 0 99] \
                [string repeat "0123456789abcdef" 65536] \
                $lines \
                [string range $::rdb_random_mb 0 999] \
                $::rdb_random_mb]
}

# DEBUG OBJECT's serializedlength of key in the client's current db.
proc rdb_serialized_length {client key} {
    if {![regexp {serializedlength:(\d+) } [$client debug object $key] -> len]} {
        fail "no serializedlength for $key"
    }
    return $len
}

# A dump's databases: from SELECTDB 0 (with RESIZEDB 1 0 and key "k") up
# to the EOF opcode, leaving out the AUX fields before, which differ.
proc rdb_databases_section {data} {
    set at [string first "\xfe\x00\xfb\x01\x00\x00\x01k" $data]
    if {$at < 0} {
        fail "no SELECTDB 0 holding one key k in the dump"
    }
    return [string range $data $at end-9]
}

start_server {overrides {save "" enable-debug-command yes}} {
    set dump [file join [srv dir] dump.rdb]

    test "Compressible and random values take the same serializedlength and dump bytes as in redis-server" {
        rdb_need_redis_server
        set values [rdb_lzf_values]
        set dir [::server::make_tmpdir rdb-lzf]
        try {
            rdb_with_redis_server $dir {
                r flushall
                set db 0
                foreach value $values {
                    foreach client [list [srv client] $rs] {
                        $client select $db
                        $client set k $value
                    }
                    set ours [rdb_serialized_length [srv client] k]
                    assert_equal [rdb_serialized_length $rs k] $ours \
                        "serializedlength of db $db's value of [string length $value] bytes"
                    incr db
                }
                # 1 MB of repeated text shrinks about 88 times (3-byte
                # references of 264 bytes); 1 MB of random bytes takes its
                # 5-byte length and itself.
                r select 2
                assert {[rdb_serialized_length [srv client] k] < 1048576 / 80}
                r select 5
                assert_equal [expr {5 + 1048576}] [rdb_serialized_length [srv client] k]
                r select 0
                $rs select 0
                assert_equal OK [r save]
                assert_equal OK [$rs save]
            }
            set ours [rdb_databases_section [rdb_read_file $dump]]
            set theirs [rdb_databases_section [rdb_read_file [file join $dir dump.rdb]]]
            assert_equal [string length $theirs] [string length $ours] "databases section length"
            assert {$ours eq $theirs} "the databases sections differ"
        } finally {
            file delete -force $dir
        }
    }

    test "Every value of the interop dataset takes the same serializedlength as in redis-server" {
        rdb_need_redis_server
        set dir [::server::make_tmpdir rdb-lzf]
        try {
            rdb_with_redis_server $dir {
                r flushall
                set lengths {}
                foreach client [list [srv client] $rs] {
                    $client select 0
                    $client deferred 1
                    for {set i 0} {$i < 640} {incr i} {
                        $client set "key:$i" [rdb_interop_value 0 $i]
                        $client debug object "key:$i"
                    }
                    $client deferred 0
                    set got {}
                    for {set i 0} {$i < 640} {incr i} {
                        $client read
                        if {![regexp {serializedlength:(\d+) } [$client read] -> len]} {
                            set len none
                        }
                        lappend got $len
                    }
                    lappend lengths $got
                }
                lassign $lengths ours theirs
                for {set i 0} {$i < 640} {incr i} {
                    assert_equal [lindex $theirs $i] [lindex $ours $i] \
                        "key:$i, [string length [rdb_interop_value 0 $i]] bytes"
                }
            }
        } finally {
            file delete -force $dir
        }
    }
}

start_server {overrides {save "" rdbchecksum no}} {
    set dump [file join [srv dir] dump.rdb]

    test "Our dump with rdbchecksum no loads in redis-server 7.0, and redis-check-rdb accepts it" {
        rdb_need_redis_server
        rdb_fill
        r set compressible [string repeat "no checksum " 100]
        set ours [rdb_snapshot [srv client]]
        r save
        assert_equal [string repeat \x00 8] [string range [rdb_read_file $dump] end-7 end]
        rdb_check_in_redis_server $dump $ours
        lassign [run_program 60 [list $::rdb_check_rdb $dump]] code output
        assert_equal 0 $code $output
        assert_match {*RDB looks OK*} $output
    }
}

test "A redis-server dump holding a type redis-mini lacks is refused at start-up, naming the type" {
    rdb_need_redis_server
    set dir [::server::make_tmpdir rdb-types]
    try {
        rdb_with_redis_server $dir {
            foreach {make type} {
                {rpush k a b c}            "type 18 (list (quicklist))"
                {sadd k a b c}             "type 2 (set)"
                {sadd k 1 2 3}             "type 11 (set (intset))"
                {hset k f v}               "type 16 (hash (listpack))"
                {zadd k 1 a}               "type 17 (zset (listpack))"
                {xadd k * f v}             "type 19 (stream)"
            } {
                $rs flushall
                $rs set before "a string first"
                $rs {*}$make
                $rs save
                lassign [rdb_start_failing $dir] code output
                assert_equal 1 $code $output
                assert_match "*Fatal error loading the DB dump.rdb: Unsupported RDB value type *" \
                    $output
                assert_match "*$type*" $output $make
            }
        }
    } finally {
        file delete -force $dir
    }
}

# --- damaged dumps at start-up ----------------------------------------------

# Runs the server on a dump made of `data` and expects the documented
# outcome: exit status 1 with the fatal log line, and no crash (no signal,
# no core file, no sanitizer report).
# `reason`, if given, is matched against the log line's reason.
proc rdb_assert_refused {name data {reason *}} {
    set dir [::server::make_tmpdir rdb-damaged]
    try {
        rdb_write_file [file join $dir dump.rdb] $data
        lassign [rdb_start_failing $dir] code output
        assert_equal 1 $code "$name: $output"
        assert_match "*Fatal error loading the DB dump.rdb: $reason. Exiting.*" $output $name
        assert {![regexp {Sanitizer|runtime error:} $output]} "$name: $output"
        assert_equal {} [glob -nocomplain -directory $dir core*] $name
    } finally {
        file delete -force $dir
    }
}

# data with the bytes [at, at + len) replaced by `bytes`.
proc rdb_splice {data at len bytes} {
    return "[string range $data 0 [expr {$at - 1}]]$bytes[string range $data [expr {$at + $len}] end]"
}

# data with the byte at `at` xor-ed with mask.
proc rdb_flip {data at {mask 0x5a}} {
    binary scan [string index $data $at] cu byte
    return [rdb_splice $data $at 1 [binary format c [expr {$byte ^ $mask}]]]
}

start_server {overrides {save ""}} {
    set dump [file join [srv dir] dump.rdb]
    # A real dump: AUX fields, two databases, integers, an expiry, a plain
    # value of 100 bytes and an LZF one of 1000.
    rdb_fill
    r set plain100 [string range $::rdb_random_mb 0 99]
    r set lzf1000 [string repeat "abcdefgh" 125]
    r save
    set good [rdb_read_file $dump]
    set len [string length $good]
    # Where the values of plain100 (its 2-byte length) and lzf1000 (0xc3,
    # then the compressed and uncompressed lengths) start.
    set plain_at [expr {[string first [rdb_key_bytes plain100] $good] + 10}]
    set lzf_at [expr {[string first [rdb_key_bytes lzf1000] $good] + 9}]

    test "The damaged dumps below start from a real one that loads" {
        assert_equal 0x40 [format 0x%x [rdb_value_byte $good plain100]] ;# 14-bit length 100
        assert_equal 0xc3 [format 0x%x [rdb_value_byte $good lzf1000]]
        restart_server
        assert_equal [string repeat "abcdefgh" 125] [r get lzf1000]
    }

    test "A dump cut at any of several points is refused: exit 1, the fatal log line, no crash" {
        foreach cut [list 0 3 9 20 [expr {$len / 3}] [expr {$len / 2}] $plain_at \
                         [expr {$lzf_at + 2}] [expr {$len - 9}] [expr {$len - 1}]] {
            rdb_assert_refused "cut at $cut of $len" [string range $good 0 [expr {$cut - 1}]]
        }
    }

    test "A dump with a flipped byte in the header, body or checksum is refused the same way" {
        foreach {what at} [list "magic" 2 "version" 8 "first AUX opcode" 9 \
                               "an AUX name" 12 "a key" [expr {$plain_at - 3}] \
                               "a plain value" [expr {$plain_at + 50}] \
                               "LZF data" [expr {$lzf_at + 6}] \
                               "the EOF opcode" [expr {$len - 9}] \
                               "the checksum" [expr {$len - 4}]] {
            rdb_assert_refused "flipped $what at $at" [rdb_flip $good $at]
        }
    }

    test "A length field made huge is refused before allocating for it" {
        # plain100's length (2 bytes, 14-bit) as a 64-bit length of 2^50 and
        # a 32-bit one of 4 GB: a server that allocated first would die of
        # it (or its sanitizer would report it).
        set huge "\x81\x00\x04\x00\x00\x00\x00\x00\x00"
        rdb_assert_refused "64-bit length" [rdb_splice $good $plain_at 2 $huge] \
            "Short read: unexpected end of file at offset *"
        rdb_assert_refused "32-bit length" [rdb_splice $good $plain_at 2 "\x80\xff\xff\xff\xff"] \
            "Short read: unexpected end of file at offset *"
        # lzf1000: its compressed length (1 byte), then its uncompressed one
        # (2 bytes, 1000).
        binary scan [string range $good [expr {$lzf_at + 1}] [expr {$lzf_at + 3}]] cuSu clen ulen
        assert {$clen < 64} "compressed length byte $clen"
        assert_equal [expr {0x4000 | 1000}] $ulen
        rdb_assert_refused "LZF uncompressed length" \
            [rdb_splice $good [expr {$lzf_at + 2}] 2 $huge] \
            "Invalid LZF compressed string: $clen bytes cannot hold 1125899906842624"
        rdb_assert_refused "LZF compressed length" \
            [rdb_splice $good [expr {$lzf_at + 1}] 1 $huge] \
            "Short read: unexpected end of file at offset *"
        # A database number beyond `databases`.
        set select [string first "\xfe\x00\xfb" $good]
        assert {$select > 0}
        rdb_assert_refused "SELECTDB number" \
            [rdb_splice $good [expr {$select + 1}] 1 "\x80\x7f\xff\xff\xff"] \
            "*configured to handle more than 16 databases*"
    }
}
