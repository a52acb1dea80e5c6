# String commands that replace or return whole values besides GET/SET:
# SETNX, SETEX, PSETEX, GETSET, GETDEL, GETEX, MSETNX and INCRBYFLOAT.

start_server {} {
    test "SETNX sets a missing key and replies 1" {
        r flushall
        assert_equal {int 1} [r typed setnx nx v]
        assert_equal v [r get nx]
    }

    test "SETNX on an existing key replies 0 and keeps the value" {
        assert_equal {int 0} [r typed setnx nx other]
        assert_equal v [r get nx]
    }

    test "SETNX on an existing key of any value keeps its time to live" {
        r set nxttl v EX 100
        assert_equal 0 [r setnx nxttl w]
        assert_range [r ttl nxttl] 1 100
    }

    test "SETNX on a key that has expired sets it" {
        r set nxgone v PX 1
        wait_for_condition 100 10 {[r exists nxgone] == 0} else {fail "key did not expire"}
        assert_equal 1 [r setnx nxgone w]
        assert_equal w [r get nxgone]
        assert_equal -1 [r ttl nxgone]
    }

    test "SETEX sets a value with a time to live in seconds" {
        assert_equal {status OK} [r typed setex sx 100 v]
        assert_equal v [r get sx]
        assert_range [r ttl sx] 1 100
    }

    test "SETEX replaces a value and its time to live" {
        r set sx old
        r setex sx 50 new
        assert_equal new [r get sx]
        assert_range [r ttl sx] 1 50
    }

    test "PSETEX sets a value with a time to live in milliseconds" {
        assert_equal {status OK} [r typed psetex psx 100000 v]
        assert_equal v [r get psx]
        assert_range [r pttl psx] 1 100000
    }

    test "SETEX and PSETEX with a zero or negative time are invalid and change nothing" {
        r set keep v
        assert_error "ERR invalid expire time in 'setex' command" {r setex keep 0 w}
        assert_error "ERR invalid expire time in 'setex' command" {r setex keep -1 w}
        assert_error "ERR invalid expire time in 'psetex' command" {r psetex keep 0 w}
        assert_error "ERR invalid expire time in 'psetex' command" {r psetex keep -5 w}
        assert_equal v [r get keep]
        assert_equal -1 [r ttl keep]
    }

    test "SETEX with a time that overflows in milliseconds is invalid" {
        assert_error "ERR invalid expire time in 'setex' command" {r setex k 9223372036854775 v}
        assert_error "ERR invalid expire time in 'psetex' command" {
            r psetex k 9223372036854775807 v
        }
    }

    test "SETEX with a non-integer time is not an integer" {
        assert_error "ERR value is not an integer or out of range" {r setex k abc v}
        assert_error "ERR value is not an integer or out of range" {r setex k 1.5 v}
        assert_error "ERR value is not an integer or out of range" {r psetex k "" v}
    }

    test "SETNX, SETEX and PSETEX with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'setnx' command" {r setnx k}
        assert_error "ERR wrong number of arguments for 'setex' command" {r setex k 10}
        assert_error "ERR wrong number of arguments for 'psetex' command" {r psetex k 10 v x}
    }

    test "GETSET returns the old value and sets the new one" {
        r set gs old
        assert_equal {bulk old} [r typed getset gs new]
        assert_equal new [r get gs]
    }

    test "GETSET on a missing key returns nil and sets it" {
        r del gs
        assert_equal {nil {}} [r typed getset gs v]
        assert_equal v [r get gs]
    }

    test "GETSET removes the time to live" {
        r set gs v EX 100
        r getset gs w
        assert_equal -1 [r ttl gs]
    }

    test "GETSET with binary values" {
        set old "a\0b\r\nc"
        set new "\xff\x00\x01"
        r set gs $old
        assert_equal $old [r getset gs $new]
        assert_equal $new [r get gs]
    }

    test "GETDEL returns the value and deletes the key" {
        r set gd v EX 100
        assert_equal {bulk v} [r typed getdel gd]
        assert_equal 0 [r exists gd]
    }

    test "GETDEL on a missing key returns nil" {
        assert_equal {nil {}} [r typed getdel gd]
    }

    test "GETDEL of an empty value returns an empty string" {
        r set gd ""
        assert_equal {bulk {}} [r typed getdel gd]
        assert_equal 0 [r exists gd]
    }

    test "GETSET and GETDEL with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'getset' command" {r getset k}
        assert_error "ERR wrong number of arguments for 'getdel' command" {r getdel}
        assert_error "ERR wrong number of arguments for 'getdel' command" {r getdel a b}
    }

    test "GETEX without options is GET and keeps the time to live" {
        r set gx v EX 100
        assert_equal {bulk v} [r typed getex gx]
        assert_range [r ttl gx] 1 100
    }

    test "GETEX on a missing key returns nil" {
        assert_equal {nil {}} [r typed getex nosuchkey]
        assert_equal {nil {}} [r typed getex nosuchkey EX 100]
        assert_equal 0 [r exists nosuchkey]
    }

    test "GETEX EX and PX set a relative time to live" {
        r set gx v
        assert_equal v [r getex gx EX 100]
        assert_range [r ttl gx] 1 100
        assert_equal v [r getex gx PX 50000]
        assert_range [r pttl gx] 1 50000
    }

    test "GETEX EXAT and PXAT set an absolute expire time" {
        r set gx v
        assert_equal v [r getex gx EXAT [expr {[clock seconds] + 100}]]
        assert_range [r ttl gx] 1 100
        assert_equal v [r getex gx PXAT [expr {[clock milliseconds] + 50000}]]
        assert_range [r pttl gx] 1 50000
    }

    test "GETEX EXAT in the past returns the value and deletes the key" {
        r set gx v
        assert_equal {bulk v} [r typed getex gx EXAT 1]
        assert_equal 0 [r exists gx]
        r set gx w
        assert_equal {bulk w} [r typed getex gx PXAT 1]
        assert_equal 0 [r exists gx]
    }

    test "GETEX PERSIST removes the time to live" {
        r set gx v EX 100
        assert_equal v [r getex gx PERSIST]
        assert_equal -1 [r ttl gx]
        assert_equal v [r getex gx persist]
        assert_equal -1 [r ttl gx]
    }

    test "GETEX options are case-insensitive and the same one may repeat" {
        r set gx v
        assert_equal v [r getex gx ex 10 Ex 100]
        assert_range [r ttl gx] 11 100
        assert_equal v [r getex gx persist PERSIST]
        assert_equal -1 [r ttl gx]
    }

    test "GETEX with two different expiry options or PERSIST with one is a syntax error" {
        r set gx v
        assert_error "ERR syntax error" {r getex gx EX 10 PX 100}
        assert_error "ERR syntax error" {r getex gx EXAT 10 PXAT 100}
        assert_error "ERR syntax error" {r getex gx EX 10 PERSIST}
        assert_error "ERR syntax error" {r getex gx PERSIST PX 10}
        assert_equal -1 [r ttl gx]
    }

    test "GETEX rejects SET's options and unknown ones" {
        assert_error "ERR syntax error" {r getex gx KEEPTTL}
        assert_error "ERR syntax error" {r getex gx NX}
        assert_error "ERR syntax error" {r getex gx GET}
        assert_error "ERR syntax error" {r getex gx FOO}
        assert_error "ERR syntax error" {r getex gx EX}
        assert_error "ERR syntax error" {r getex nosuchkey EX}
    }

    test "SET does not take GETEX's PERSIST" {
        assert_error "ERR syntax error" {r set gx v PERSIST}
    }

    test "GETEX with a bad time is an error only for an existing key" {
        r set gx v
        assert_error "ERR invalid expire time in 'getex' command" {r getex gx EX 0}
        assert_error "ERR invalid expire time in 'getex' command" {r getex gx PX -1}
        assert_error "ERR invalid expire time in 'getex' command" {r getex gx EXAT 0}
        assert_error "ERR invalid expire time in 'getex' command" {r getex gx EX 9223372036854775}
        assert_error "ERR value is not an integer or out of range" {r getex gx EX abc}
        assert_equal {nil {}} [r typed getex nosuchkey EX abc]
        assert_equal {nil {}} [r typed getex nosuchkey EX -1]
        assert_equal -1 [r ttl gx]
    }

    test "GETEX with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'getex' command" {r getex}
    }

    test "MSETNX sets every key when none exists and replies 1" {
        r del m1 m2 m3
        assert_equal {int 1} [r typed msetnx m1 a m2 b m3 c]
        assert_equal {a b c} [r mget m1 m2 m3]
    }

    test "MSETNX sets nothing and replies 0 if any key exists" {
        r del n1 n3
        r set n2 old
        assert_equal {int 0} [r typed msetnx n1 a n2 b n3 c]
        assert_equal {{} old {}} [r mget n1 n2 n3]
        assert_equal 0 [r exists n1 n3]
    }

    test "MSETNX with the same key twice keeps the last value" {
        r del dup
        assert_equal 1 [r msetnx dup first dup second]
        assert_equal second [r get dup]
    }

    test "MSETNX with an odd number of arguments is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'msetnx' command" {r msetnx a}
        assert_error "ERR wrong number of arguments for 'msetnx' command" {r msetnx a 1 b}
        assert_equal 0 [r exists b]
    }

    test "INCRBYFLOAT of a missing key starts from 0" {
        r del f
        assert_equal {bulk 10.5} [r typed incrbyfloat f 10.5]
        assert_equal 10.5 [r get f]
    }

    test "INCRBYFLOAT adds decimals and prints no trailing zeros" {
        r set f 10.50
        assert_equal 10.6 [r incrbyfloat f 0.1]
        assert_equal 10.1 [r incrbyfloat f -0.5]
        assert_equal 11 [r incrbyfloat f 0.9]
        assert_equal 11 [r get f]
    }

    test "INCRBYFLOAT accepts exponents and integers and prints plain decimals" {
        r set f 5.0e3
        assert_equal 5200 [r incrbyfloat f 2.0e2]
        r set f 1
        assert_equal 1.25 [r incrbyfloat f 0.25]
        assert_equal 0.0001 [r incrbyfloat f -1.2499]
    }

    test "INCRBYFLOAT that reaches zero from below prints 0, not -0" {
        r set f -1.5
        assert_equal 0 [r incrbyfloat f 1.5]
        r set f 0
        assert_equal 0 [r incrbyfloat f -0.0]
    }

    test "INCRBYFLOAT accepts hexadecimal floats and a leading plus" {
        r set f 1
        assert_equal 17 [r incrbyfloat f 0x10]
        assert_equal 18 [r incrbyfloat f +1]
    }

    test "INCRBYFLOAT keeps the time to live" {
        r set f 1 EX 100
        r incrbyfloat f 1
        assert_range [r ttl f] 1 100
    }

    test "INCRBYFLOAT of a value that is not a float is an error and keeps it" {
        r set f abc
        assert_error "ERR value is not a valid float" {r incrbyfloat f 1}
        assert_equal abc [r get f]
        r set f "1 "
        assert_error "ERR value is not a valid float" {r incrbyfloat f 1}
        r set f " 1"
        assert_error "ERR value is not a valid float" {r incrbyfloat f 1}
        r set f ""
        assert_error "ERR value is not a valid float" {r incrbyfloat f 1}
        r set f nan
        assert_error "ERR value is not a valid float" {r incrbyfloat f 1}
    }

    test "INCRBYFLOAT with an increment that is not a float is an error" {
        r set f 1
        assert_error "ERR value is not a valid float" {r incrbyfloat f abc}
        assert_error "ERR value is not a valid float" {r incrbyfloat f ""}
        assert_error "ERR value is not a valid float" {r incrbyfloat f "1.5x"}
        assert_error "ERR value is not a valid float" {r incrbyfloat f nan}
        assert_error "ERR value is not a valid float" {r incrbyfloat f 1e99999}
        assert_equal 1 [r get f]
    }

    test "INCRBYFLOAT that would produce infinity is an error and keeps the value" {
        r set f 1
        assert_error "ERR increment would produce NaN or Infinity" {r incrbyfloat f inf}
        assert_error "ERR increment would produce NaN or Infinity" {r incrbyfloat f -inf}
        r set f 1e4932
        assert_error "ERR increment would produce NaN or Infinity" {r incrbyfloat f 1e4932}
        assert_equal 1e4932 [r get f]
    }

    test "INCRBYFLOAT of a huge value prints every digit of the long double" {
        r set f 1e50
        assert_equal 100000000000000000003583830118858923890798487404544 [r incrbyfloat f 1]
        assert_equal 51 [string length [r get f]]
    }

    test "INCRBYFLOAT with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'incrbyfloat' command" {r incrbyfloat f}
    }
}
