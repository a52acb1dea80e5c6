# OBJECT ENCODING / REFCOUNT / IDLETIME / FREQ / HELP, and the
# maxmemory-policy directive that decides what IDLETIME and FREQ may report.

start_server {} {
    test "OBJECT ENCODING of a canonical 64-bit integer is int" {
        r flushall
        foreach v {0 1 -1 12345 9223372036854775807 -9223372036854775808} {
            r set k $v
            assert_equal {bulk int} [r typed object encoding k] "value $v"
        }
    }

    test "OBJECT ENCODING of a short non-integer string is embstr" {
        foreach v {abc 01 -0 +1 " 1" "1 " 1.5 9223372036854775808 "" "\0"} {
            r set k $v
            assert_equal embstr [r object encoding k] "value '$v'"
        }
    }

    test "OBJECT ENCODING switches from embstr to raw after 44 bytes" {
        r set k [string repeat a 44]
        assert_equal embstr [r object encoding k]
        r set k [string repeat a 45]
        assert_equal raw [r object encoding k]
        r set k [string repeat 1 45]
        assert_equal raw [r object encoding k]
    }

    test "OBJECT ENCODING after APPEND is raw, however short" {
        r set k 1
        r append k 2
        assert_equal 12 [r get k]
        assert_equal raw [r object encoding k]
        r set k a
        r append k ""
        assert_equal raw [r object encoding k]
    }

    test "OBJECT ENCODING after APPEND to a missing key is that of SET" {
        r del k
        r append k 123
        assert_equal int [r object encoding k]
        r del k
        r append k abc
        assert_equal embstr [r object encoding k]
    }

    test "OBJECT ENCODING after SETRANGE is raw; an empty SETRANGE changes nothing" {
        r set k 100
        r setrange k 0 ""
        assert_equal int [r object encoding k]
        r setrange k 0 2
        assert_equal raw [r object encoding k]
        r del k
        r setrange k 0 5
        assert_equal raw [r object encoding k]
    }

    test "OBJECT ENCODING after INCR is int, even from a raw value" {
        r set k 1
        r append k 0
        assert_equal raw [r object encoding k]
        r incr k
        assert_equal int [r object encoding k]
        r del k
        r incrby k 100000
        assert_equal int [r object encoding k]
    }

    test "OBJECT ENCODING after INCRBYFLOAT is embstr, even for a whole number" {
        r set k 1
        assert_equal 3 [r incrbyfloat k 2]
        assert_equal embstr [r object encoding k]
        r set k 1e50
        r incrbyfloat k 1
        assert_equal raw [r object encoding k]
    }

    test "OBJECT ENCODING after SET over a raw value follows the new value" {
        r set k 1
        r append k 2
        r set k 12
        assert_equal int [r object encoding k]
        r append k x
        r set k short
        assert_equal embstr [r object encoding k]
    }

    test "OBJECT ENCODING: SETNX, SETEX, PSETEX, GETSET, MSET, MSETNX store as SET does" {
        r del a b c d e f
        r setnx a 1
        r setex b 100 2
        r psetex c 100000 x
        r getset d 4
        r mset e 5
        r msetnx f [string repeat z 50]
        set got {}
        foreach k {a b c d e f} {
            lappend got [r object encoding $k]
        }
        assert_equal {int int embstr int int raw} $got
    }

    test "OBJECT ENCODING is kept across expiry changes" {
        r set k 1
        r append k 2
        r expire k 100
        r persist k
        r getex k EX 100
        assert_equal raw [r object encoding k]
    }

    test "OBJECT subcommands of a missing key reply nil" {
        r del nokey
        foreach sub {encoding refcount idletime freq} {
            assert_equal {nil {}} [r typed object $sub nokey] $sub
        }
    }

    test "OBJECT of a missing key replies null in RESP3" {
        set c [redis_client]
        $c hello 3
        $c write_raw "*3\r\n\$6\r\nobject\r\n\$8\r\nencoding\r\n\$5\r\nnokey\r\n"
        set f [$c fd]
        fconfigure $f -blocking 1
        gets $f line
        fconfigure $f -blocking 0
        assert_equal "_\r" $line
        $c close
    }

    test "OBJECT REFCOUNT of integers 0 to 9999 is that of a shared object" {
        foreach v {0 1 9999} {
            r set k $v
            assert_equal {int 2147483647} [r typed object refcount k] "value $v"
        }
        foreach v {10000 -1 abc 01} {
            r set k $v
            assert_equal {int 1} [r typed object refcount k] "value $v"
        }
        r set k 5
        r append k ""
        assert_equal 1 [r object refcount k]
        r set k 1
        r incrbyfloat k 1
        assert_equal 1 [r object refcount k]
    }

    test "OBJECT REFCOUNT: integers written with maxmemory and an LRU or LFU policy are not shared" {
        r set before 5
        r config set maxmemory-policy allkeys-lru
        r set lru-no-limit 5
        r config set maxmemory 1gb
        r set lru 5
        r config set maxmemory-policy allkeys-random
        r set random 5
        r config set maxmemory-policy volatile-lfu
        r set lfu 5
        r incr lfu
        r config set maxmemory 0
        r config set maxmemory-policy noeviction
        set got {}
        foreach k {before lru-no-limit lru random lfu} {
            lappend got [r object refcount $k]
        }
        # Redis decides when the value is written, not when it is asked.
        assert_equal {2147483647 2147483647 1 2147483647 1} $got
        r set lru 5
        assert_equal 2147483647 [r object refcount lru]
    }

    test "OBJECT IDLETIME of a key just written is 0" {
        r set idle v
        assert_equal {int 0} [r typed object idletime idle]
    }

    test "OBJECT IDLETIME grows while nothing touches the key" {
        r set idle v
        wait_for_condition 100 50 {[r object idletime idle] >= 2} else {
            fail "idle time did not grow"
        }
        # Looking at the key is not using it.
        r exists idle
        r ttl idle
        r pttl idle
        r object encoding idle
        r object refcount idle
        assert_range [r object idletime idle] 2 1000
    }

    test "Reading or writing a key resets OBJECT IDLETIME" {
        set cmds {{get K} {mget K} {set K w} {append K x} {strlen K} {getrange K 0 0}
                  {expire K 100} {getex K} {incr K} {setrange K 0 x}}
        # Values of 10000 and more: Redis shares the objects of smaller
        # integers between keys, idle time included.
        set i 0
        foreach cmd $cmds {
            r set idle:[incr i] 123456
        }
        wait_for_condition 100 50 {[r object idletime idle:$i] >= 2} else {
            fail "idle time did not grow"
        }
        set i 0
        foreach cmd $cmds {
            r {*}[string map [list K idle:[incr i]] $cmd]
        }
        set i 0
        foreach cmd $cmds {
            set idle [r object idletime idle:[incr i]]
            assert {$idle <= 1} "idle time $idle after $cmd"
        }
    }

    test "OBJECT FREQ needs an LFU policy" {
        r set k v
        assert_error "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust." {
            r object freq k
        }
    }

    test "OBJECT IDLETIME is refused under an LFU policy" {
        r config set maxmemory-policy allkeys-lfu
        r set k v
        assert_error "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust." {
            r object idletime k
        }
        r config set maxmemory-policy noeviction
    }

    test "OBJECT FREQ of a new key is 5, and the first access makes it 6" {
        r config set maxmemory-policy allkeys-lfu
        r del f
        r set f v
        assert_equal {int 5} [r typed object freq f]
        assert_equal 5 [r object freq f]
        r get f
        assert_equal 6 [r object freq f]
        r config set maxmemory-policy noeviction
    }

    test "OBJECT FREQ grows ever more slowly with accesses" {
        r config set maxmemory-policy volatile-lfu
        r del f
        r set f v
        for {set i 0} {$i < 1000} {incr i} {
            r get f
        }
        assert_range [r object freq f] 8 40
        r config set maxmemory-policy noeviction
    }

    test "With lfu-log-factor 0 every access adds one to OBJECT FREQ, up to 255" {
        assert_equal {lfu-log-factor 10} [r config get lfu-log-factor]
        assert_equal {lfu-decay-time 1} [r config get lfu-decay-time]
        r config set maxmemory-policy allkeys-lfu lfu-log-factor 0 lfu-decay-time 0
        r del f
        r set f v
        for {set i 0} {$i < 10} {incr i} {
            r get f
        }
        assert_equal 15 [r object freq f]
        for {set i 0} {$i < 300} {incr i} {
            r get f
        }
        assert_equal 255 [r object freq f]
        r config set maxmemory-policy noeviction lfu-log-factor 10 lfu-decay-time 1
    }

    test "lfu-log-factor and lfu-decay-time refuse negative values" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'lfu-log-factor') - argument must be between 0 and 2147483647 inclusive" {
            r config set lfu-log-factor -1
        }
        assert_error "ERR CONFIG SET failed (possibly related to argument 'lfu-decay-time') - argument must be between 0 and 2147483647 inclusive" {
            r config set lfu-decay-time -1
        }
    }

    test "OBJECT FREQ is not changed by EXISTS, TTL or OBJECT" {
        r config set maxmemory-policy allkeys-lfu
        r del f
        r set f v
        r exists f
        r ttl f
        r object encoding f
        assert_equal 5 [r object freq f]
        r config set maxmemory-policy noeviction
    }

    test "OBJECT HELP lists the subcommands" {
        set help [r object help]
        assert_equal "OBJECT <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:" \
            [lindex $help 0]
        assert_equal 15 [llength $help]
        assert_equal {ENCODING <key>} [lindex $help 1]
        assert_equal {FREQ <key>} [lindex $help 4]
        assert_equal {IDLETIME <key>} [lindex $help 7]
        assert_equal {REFCOUNT <key>} [lindex $help 10]
        assert_equal HELP [lindex $help 13]
        assert_equal {status HELP} [lindex [r typed object help] 1 13]
    }

    test "OBJECT with an unknown subcommand or the wrong number of arguments" {
        assert_error "ERR unknown subcommand 'foo'. Try OBJECT HELP." {r object foo k}
        assert_error "ERR wrong number of arguments for 'object' command" {r object}
        assert_error "ERR wrong number of arguments for 'object|encoding' command" {
            r object encoding
        }
        assert_error "ERR wrong number of arguments for 'object|encoding' command" {
            r object encoding a b
        }
        assert_error "ERR wrong number of arguments for 'object|freq' command" {r object freq}
        assert_error "ERR wrong number of arguments for 'object|help' command" {r object help x}
    }

    test "maxmemory-policy defaults to noeviction and takes Redis's eight values" {
        assert_equal {maxmemory-policy noeviction} [r config get maxmemory-policy]
        assert_equal noeviction [info_field r memory maxmemory_policy]
        foreach p {volatile-lru volatile-lfu volatile-random volatile-ttl allkeys-lru
                   allkeys-lfu allkeys-random noeviction} {
            assert_equal OK [r config set maxmemory-policy $p]
            assert_equal [list maxmemory-policy $p] [r config get maxmemory-policy]
            assert_equal $p [info_field r memory maxmemory_policy]
        }
        r config set maxmemory-policy ALLKEYS-LRU
        assert_equal {maxmemory-policy allkeys-lru} [r config get maxmemory-policy]
        r config set maxmemory-policy noeviction
    }

    test "maxmemory-policy refuses other values" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction" {
            r config set maxmemory-policy lru
        }
        assert_equal {maxmemory-policy noeviction} [r config get maxmemory-policy]
    }
}

start_server {overrides {maxmemory-policy allkeys-lfu}} {
    test "maxmemory-policy from the config file tracks frequency from the start" {
        assert_equal {maxmemory-policy allkeys-lfu} [r config get maxmemory-policy]
        r set k v
        assert_equal 5 [r object freq k]
    }
}
