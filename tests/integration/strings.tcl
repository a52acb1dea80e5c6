# String commands: GET, SET and its options, MGET, MSET, INCR, DECR, INCRBY,
# DECRBY, and values that are binary or large.

start_server {} {
    test "GET of a missing key is nil" {
        r flushall
        assert_equal {nil {}} [r typed get missing]
    }

    test "SET then GET returns the value" {
        assert_equal {status OK} [r typed set k1 hello]
        assert_equal {bulk hello} [r typed get k1]
    }

    test "SET replaces the value of an existing key" {
        r set k1 first
        r set k1 second
        assert_equal second [r get k1]
    }

    test "SET of an empty value stores an empty string, not nil" {
        r set empty ""
        assert_equal {bulk {}} [r typed get empty]
        assert_equal 1 [r exists empty]
    }

    test "GET and SET with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'get' command" {r get}
        assert_error "ERR wrong number of arguments for 'get' command" {r get a b}
        assert_error "ERR wrong number of arguments for 'set' command" {r set}
        assert_error "ERR wrong number of arguments for 'set' command" {r set k}
    }

    test "SET with NX on a missing key sets it" {
        r del nx
        assert_equal {status OK} [r typed set nx v NX]
        assert_equal v [r get nx]
    }

    test "SET with NX on an existing key returns nil" {
        r set nx old
        assert_equal {nil {}} [r typed set nx new NX]
        assert_equal old [r get nx]
    }

    test "SET with XX on a missing key returns nil and does not create it" {
        r del xx
        assert_equal {nil {}} [r typed set xx v XX]
        assert_equal 0 [r exists xx]
    }

    test "SET with XX on an existing key replaces it" {
        r set xx old
        assert_equal {status OK} [r typed set xx new XX]
        assert_equal new [r get xx]
    }

    test "SET with GET returns the old value" {
        r set g old
        assert_equal {bulk old} [r typed set g new GET]
        assert_equal new [r get g]
    }

    test "SET with GET on a missing key returns nil and sets the key" {
        r del g
        assert_equal {nil {}} [r typed set g v GET]
        assert_equal v [r get g]
    }

    test "SET with NX and GET on an existing key returns the old value and keeps it" {
        r set g old
        assert_equal {bulk old} [r typed set g new NX GET]
        assert_equal old [r get g]
    }

    test "SET with NX and GET on a missing key returns nil and sets it" {
        r del g
        assert_equal {nil {}} [r typed set g new NX GET]
        assert_equal new [r get g]
    }

    test "SET with XX and GET on a missing key returns nil and does not set it" {
        r del g
        assert_equal {nil {}} [r typed set g v XX GET]
        assert_equal 0 [r exists g]
    }

    test "SET options are case-insensitive" {
        r del ci
        assert_equal OK [r set ci v nx ex 100]
        assert_range [r ttl ci] 1 100
        assert_equal v [r set ci w xx get]
        assert_equal w [r get ci]
    }

    test "SET with EX sets a time to live in seconds" {
        r set ex v EX 100
        assert_range [r ttl ex] 1 100
        assert_range [r pttl ex] 1 100000
    }

    test "SET with PX sets a time to live in milliseconds" {
        r set px v PX 100000
        assert_range [r pttl px] 1 100000
        assert_range [r ttl px] 1 100
    }

    test "SET with EXAT sets an absolute expire time in seconds" {
        set at [expr {[clock seconds] + 100}]
        r set exat v EXAT $at
        assert_range [r ttl exat] 1 100
    }

    test "SET with PXAT sets an absolute expire time in milliseconds" {
        set at [expr {[clock milliseconds] + 100000}]
        r set pxat v PXAT $at
        assert_range [r pttl pxat] 1 100000
    }

    test "SET with EXAT in the past replies OK and the key is gone" {
        r set past old
        assert_equal OK [r set past v EXAT 1]
        assert_equal 0 [r exists past]
    }

    test "SET with PXAT in the past and GET returns the old value and the key is gone" {
        r set past old
        assert_equal {bulk old} [r typed set past v PXAT 1 GET]
        assert_equal 0 [r exists past]
    }

    test "SET with KEEPTTL keeps the time to live of the key" {
        r set keep v1 EX 100
        assert_equal OK [r set keep v2 KEEPTTL]
        assert_equal v2 [r get keep]
        assert_range [r ttl keep] 1 100
    }

    test "SET without KEEPTTL removes the time to live of the key" {
        r set keep v1 EX 100
        r set keep v2
        assert_equal -1 [r ttl keep]
    }

    test "SET with both NX and XX is a syntax error" {
        assert_error "ERR syntax error" {r set k v NX XX}
    }

    test "SET with two expire options is a syntax error" {
        assert_error "ERR syntax error" {r set k v EX 10 PX 100}
        assert_error "ERR syntax error" {r set k v PX 10 EXAT 100}
        assert_error "ERR syntax error" {r set k v EXAT 10 PXAT 100}
    }

    test "SET with an expire option and KEEPTTL is a syntax error" {
        assert_error "ERR syntax error" {r set k v EX 10 KEEPTTL}
        assert_error "ERR syntax error" {r set k v KEEPTTL PX 10}
    }

    test "SET with an unknown option is a syntax error" {
        assert_error "ERR syntax error" {r set k v FOO}
    }

    test "SET with EX and no time is a syntax error" {
        assert_error "ERR syntax error" {r set k v EX}
        assert_error "ERR syntax error" {r set k v PX 10 EX}
    }

    test "SET with a zero or negative expire time is invalid" {
        assert_error "ERR invalid expire time in 'set' command" {r set k v EX 0}
        assert_error "ERR invalid expire time in 'set' command" {r set k v EX -1}
        assert_error "ERR invalid expire time in 'set' command" {r set k v PX 0}
        assert_error "ERR invalid expire time in 'set' command" {r set k v PX -100}
        assert_error "ERR invalid expire time in 'set' command" {r set k v EXAT 0}
        assert_error "ERR invalid expire time in 'set' command" {r set k v PXAT -5}
    }

    test "SET with an expire time that overflows in milliseconds is invalid" {
        assert_error "ERR invalid expire time in 'set' command" {
            r set k v EX 9223372036854775
        }
        assert_error "ERR invalid expire time in 'set' command" {
            r set k v PX 9223372036854775807
        }
    }

    test "SET with a non-integer expire time is not an integer" {
        assert_error "ERR value is not an integer or out of range" {r set k v EX abc}
        assert_error "ERR value is not an integer or out of range" {r set k v PX 1.5}
        assert_error "ERR value is not an integer or out of range" {
            r set k v EX 9223372036854775808
        }
    }

    test "A failed SET leaves the key unchanged" {
        r set unchanged v
        catch {r set unchanged w EX 0}
        catch {r set unchanged w NX XX}
        assert_equal v [r get unchanged]
        assert_equal -1 [r ttl unchanged]
    }

    test "MGET returns values in order with nil for missing keys" {
        r flushall
        r set a 1
        r set c 3
        assert_equal {array {{bulk 1} {nil {}} {bulk 3} {bulk 1}}} [r typed mget a b c a]
    }

    test "MGET without keys is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'mget' command" {r mget}
    }

    test "MSET sets every pair and replies OK" {
        assert_equal {status OK} [r typed mset m1 v1 m2 v2 m3 v3]
        assert_equal {v1 v2 v3} [r mget m1 m2 m3]
    }

    test "MSET with the same key twice keeps the last value" {
        r mset dup first dup second
        assert_equal second [r get dup]
    }

    test "MSET replaces existing values and removes their time to live" {
        r set m1 old EX 100
        r mset m1 new
        assert_equal new [r get m1]
        assert_equal -1 [r ttl m1]
    }

    test "MSET with an odd number of arguments is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'mset' command" {r mset a}
        assert_error "ERR wrong number of arguments for 'mset' command" {r mset a 1 b}
        assert_equal 0 [r exists b]
    }

    test "INCR of a missing key sets it to 1" {
        r del n
        assert_equal {int 1} [r typed incr n]
        assert_equal {bulk 1} [r typed get n]
    }

    test "INCR and DECR change an integer value by one" {
        r set n 10
        assert_equal 11 [r incr n]
        assert_equal 10 [r decr n]
        assert_equal 9 [r decr n]
        assert_equal 9 [r get n]
    }

    test "DECR of a missing key sets it to -1" {
        r del n
        assert_equal {int -1} [r typed decr n]
    }

    test "INCRBY and DECRBY change an integer value by the increment" {
        r set n 100
        assert_equal 150 [r incrby n 50]
        assert_equal 120 [r decrby n 30]
        assert_equal 110 [r incrby n -10]
        assert_equal 115 [r decrby n -5]
    }

    test "INCR works on negative values" {
        r set n -5
        assert_equal -4 [r incr n]
    }

    test "INCR of a non-integer value is an error and keeps the value" {
        r set s abc
        assert_error "ERR value is not an integer or out of range" {r incr s}
        assert_equal abc [r get s]
    }

    test "INCR rejects values with spaces or leading zeros" {
        r set s " 1"
        assert_error "ERR value is not an integer or out of range" {r incr s}
        r set s "1 "
        assert_error "ERR value is not an integer or out of range" {r incr s}
        r set s "01"
        assert_error "ERR value is not an integer or out of range" {r incr s}
    }

    test "INCR rejects a value past the 64-bit range" {
        r set s 9223372036854775808
        assert_error "ERR value is not an integer or out of range" {r incr s}
    }

    test "INCRBY with a non-integer increment is an error" {
        r set n 1
        assert_error "ERR value is not an integer or out of range" {r incrby n abc}
        assert_error "ERR value is not an integer or out of range" {r incrby n 1.5}
        assert_error "ERR value is not an integer or out of range" {r decrby n ""}
        assert_equal 1 [r get n]
    }

    test "INCR past the largest 64-bit integer would overflow" {
        r set n 9223372036854775807
        assert_error "ERR increment or decrement would overflow" {r incr n}
        assert_equal 9223372036854775807 [r get n]
    }

    test "DECR past the smallest 64-bit integer would overflow" {
        r set n -9223372036854775808
        assert_error "ERR increment or decrement would overflow" {r decr n}
        assert_equal -9223372036854775808 [r get n]
    }

    test "INCRBY that overflows is an error" {
        r set n 9223372036854775000
        assert_error "ERR increment or decrement would overflow" {r incrby n 1000}
        r set n -9223372036854775000
        assert_error "ERR increment or decrement would overflow" {r incrby n -1000}
    }

    test "DECRBY by the smallest 64-bit integer would overflow" {
        r set n 1
        assert_error "ERR decrement would overflow" {r decrby n -9223372036854775808}
        assert_equal 1 [r get n]
    }

    test "INCR and friends with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'incr' command" {r incr}
        assert_error "ERR wrong number of arguments for 'decr' command" {r decr a b}
        assert_error "ERR wrong number of arguments for 'incrby' command" {r incrby a}
        assert_error "ERR wrong number of arguments for 'decrby' command" {r decrby a}
    }

    test "Values are binary safe: every byte value round-trips" {
        set bytes {}
        for {set i 0} {$i < 256} {incr i} {
            append bytes [format %c $i]
        }
        append bytes "\r\n\0\r\n"
        r set bin $bytes
        assert_equal $bytes [r get bin]
    }

    test "A 1 MB value round-trips" {
        set value [string repeat "0123456789abcdef" 65536]
        r set big $value
        assert_equal $value [r get big]
        r del big
    }

    test "A 100 MB value round-trips" {
        set chunk {}
        for {set i 0} {$i < 256} {incr i} {
            append chunk [format %c $i]
        }
        set value [string repeat $chunk [expr {100 * 1024 * 1024 / 256}]]
        r timeout 120000
        assert_equal OK [r set huge $value]
        set got [r get huge]
        assert_equal [string length $value] [string length $got]
        assert {$got eq $value} "the value read back differs"
        r del huge
        r timeout 20000
    } large-memory
}
