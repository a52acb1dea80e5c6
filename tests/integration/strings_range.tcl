# String commands on part of a value: APPEND, STRLEN, GETRANGE, SUBSTR,
# SETRANGE, and LCS.

start_server {} {
    test "APPEND to a missing key creates it and replies with the length" {
        r flushall
        assert_equal {int 5} [r typed append ap hello]
        assert_equal hello [r get ap]
    }

    test "APPEND adds to the end and replies with the new length" {
        assert_equal {int 11} [r typed append ap " world"]
        assert_equal "hello world" [r get ap]
    }

    test "APPEND of an empty string changes nothing" {
        assert_equal 11 [r append ap ""]
        assert_equal "hello world" [r get ap]
        r del ap
        assert_equal 0 [r append ap ""]
        assert_equal {bulk {}} [r typed get ap]
    }

    test "APPEND to an integer value works on its digits" {
        r set ap 10
        assert_equal 3 [r append ap 5]
        assert_equal 105 [r get ap]
        assert_equal 106 [r incr ap]
    }

    test "APPEND keeps the time to live" {
        r set ap v EX 100
        r append ap w
        assert_range [r ttl ap] 1 100
    }

    test "APPEND is binary safe" {
        r set ap "a\0b"
        r append ap "\0\r\n\xff"
        assert_equal "a\0b\0\r\n\xff" [r get ap]
    }

    test "APPEND one byte at a time across value-length boundaries" {
        r del ap
        set expect ""
        for {set i 0} {$i < 300} {incr i} {
            set ch [format %c [expr {65 + $i % 26}]]
            append expect $ch
            assert_equal [string length $expect] [r append ap $ch]
        }
        assert_equal $expect [r get ap]
    }

    test "APPEND many chunks to a large value" {
        r del ap
        set chunk [string repeat x 1000]
        for {set i 1} {$i <= 2000} {incr i} {
            r append ap $chunk
        }
        assert_equal 2000000 [r strlen ap]
        assert_equal [string repeat x 10] [r getrange ap 1999990 -1]
        r del ap
    }

    test "APPEND past proto-max-bulk-len is refused" {
        r config set proto-max-bulk-len 1mb
        r set ap [string repeat a 1048570]
        assert_error "ERR string exceeds maximum allowed size (proto-max-bulk-len)" {
            r append ap 1234567
        }
        assert_equal 1048570 [r strlen ap]
        assert_equal 1048576 [r append ap 123456]
        r config set proto-max-bulk-len 512mb
        r del ap
    }

    test "APPEND with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'append' command" {r append k}
    }

    test "STRLEN of a value, a missing key and an integer" {
        r set s hello
        assert_equal {int 5} [r typed strlen s]
        assert_equal {int 0} [r typed strlen missing]
        r set s -123
        assert_equal 4 [r strlen s]
        r set s ""
        assert_equal 0 [r strlen s]
        r set s "\0\0\0"
        assert_equal 3 [r strlen s]
    }

    test "STRLEN with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'strlen' command" {r strlen}
        assert_error "ERR wrong number of arguments for 'strlen' command" {r strlen a b}
    }

    test "GETRANGE with offsets inside the string" {
        r set s "This is a string"
        assert_equal {bulk This} [r typed getrange s 0 3]
        assert_equal ing [r getrange s -3 -1]
        assert_equal "This is a string" [r getrange s 0 -1]
        assert_equal a [r getrange s 8 8]
    }

    test "GETRANGE clamps offsets past either end" {
        r set s "This is a string"
        assert_equal string [r getrange s 10 100]
        assert_equal "This is a string" [r getrange s -100 100]
        assert_equal T [r getrange s 0 -100]
        assert_equal T [r getrange s -100 -100]
    }

    test "GETRANGE returns an empty string for empty ranges" {
        r set s hello
        assert_equal {bulk {}} [r typed getrange s 3 1]
        assert_equal {bulk {}} [r typed getrange s 5 10]
        assert_equal {bulk {}} [r typed getrange s -1 -5]
        assert_equal {bulk {}} [r typed getrange s 100 200]
    }

    test "GETRANGE of a missing key or an empty value is an empty string" {
        assert_equal {bulk {}} [r typed getrange missing 0 -1]
        r set s ""
        assert_equal {bulk {}} [r typed getrange s 0 -1]
        assert_equal {bulk {}} [r typed getrange s 0 0]
    }

    test "GETRANGE of an integer value works on its digits" {
        r set s 1234567
        assert_equal 345 [r getrange s 2 4]
        assert_equal 67 [r getrange s -2 -1]
    }

    test "GETRANGE is binary safe" {
        r set s "a\0b\r\nc"
        assert_equal "\0b\r" [r getrange s 1 3]
    }

    test "GETRANGE with the extreme 64-bit offsets" {
        r set s hello
        assert_equal hello [r getrange s -9223372036854775808 9223372036854775807]
        assert_equal {bulk {}} [r typed getrange s 9223372036854775807 -9223372036854775808]
    }

    test "GETRANGE with offsets that are not integers" {
        r set s hello
        assert_error "ERR value is not an integer or out of range" {r getrange s a 1}
        assert_error "ERR value is not an integer or out of range" {r getrange s 0 1.5}
        assert_error "ERR value is not an integer or out of range" {
            r getrange s 0 9223372036854775808
        }
        assert_error "ERR value is not an integer or out of range" {r getrange missing x 1}
    }

    test "SUBSTR is GETRANGE" {
        r set s "This is a string"
        assert_equal This [r substr s 0 3]
        assert_equal T [r substr s 0 -100]
        assert_equal {bulk {}} [r typed substr missing 0 -1]
        assert_error "ERR wrong number of arguments for 'substr' command" {r substr s 0}
    }

    test "GETRANGE with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'getrange' command" {r getrange s 0}
        assert_error "ERR wrong number of arguments for 'getrange' command" {r getrange s 0 1 2}
    }

    test "SETRANGE overwrites part of a value and replies with the length" {
        r set s "Hello World"
        assert_equal {int 11} [r typed setrange s 6 Redis]
        assert_equal "Hello Redis" [r get s]
    }

    test "SETRANGE past the end grows the value" {
        r set s Hello
        assert_equal 11 [r setrange s 5 " World"]
        assert_equal "Hello World" [r get s]
    }

    test "SETRANGE past the end pads the gap with zero bytes" {
        r set s ab
        assert_equal 7 [r setrange s 5 xy]
        assert_equal "ab\0\0\0xy" [r get s]
    }

    test "SETRANGE on a missing key pads from the start" {
        r del s
        assert_equal 6 [r setrange s 5 x]
        assert_equal "\0\0\0\0\0x" [r get s]
        r del s
        assert_equal 3 [r setrange s 0 abc]
        assert_equal abc [r get s]
    }

    test "SETRANGE with an empty value changes nothing and creates no key" {
        r del s
        assert_equal {int 0} [r typed setrange s 10 ""]
        assert_equal 0 [r exists s]
        r set s hello
        assert_equal 5 [r setrange s 100 ""]
        assert_equal hello [r get s]
        assert_equal 5 [r setrange s 9223372036854775807 ""]
    }

    test "SETRANGE of an integer value works on its digits" {
        r set s 1234
        assert_equal 4 [r setrange s 1 9]
        assert_equal 1934 [r get s]
        assert_equal 1935 [r incr s]
    }

    test "SETRANGE keeps the time to live" {
        r set s hello EX 100
        r setrange s 0 J
        assert_equal Jello [r get s]
        assert_range [r ttl s] 1 100
    }

    test "SETRANGE is binary safe" {
        r set s "aaaaa"
        r setrange s 1 "\0\r\n"
        assert_equal "a\0\r\na" [r get s]
    }

    test "SETRANGE with a negative offset is out of range" {
        r set s hello
        assert_error "ERR offset is out of range" {r setrange s -1 x}
        assert_error "ERR offset is out of range" {r setrange missing -1 x}
        assert_equal hello [r get s]
    }

    test "SETRANGE with an offset that is not an integer" {
        assert_error "ERR value is not an integer or out of range" {r setrange s a x}
        assert_error "ERR value is not an integer or out of range" {r setrange s 1.0 x}
        assert_error "ERR value is not an integer or out of range" {
            r setrange s 9223372036854775808 x
        }
    }

    test "SETRANGE past proto-max-bulk-len is refused" {
        r del s
        assert_error "ERR string exceeds maximum allowed size (proto-max-bulk-len)" {
            r setrange s 536870912 x
        }
        assert_error "ERR string exceeds maximum allowed size (proto-max-bulk-len)" {
            r setrange s 536870911 xy
        }
        assert_error "ERR string exceeds maximum allowed size (proto-max-bulk-len)" {
            r setrange s 9223372036854775807 x
        }
        assert_equal 0 [r exists s]
        r set s hello
        assert_error "ERR string exceeds maximum allowed size (proto-max-bulk-len)" {
            r setrange s 536870912 x
        }
        assert_equal hello [r get s]
    }

    test "SETRANGE up to exactly proto-max-bulk-len is allowed" {
        r config set proto-max-bulk-len 1mb
        r del s
        assert_equal 1048576 [r setrange s 1048575 x]
        assert_error "ERR string exceeds maximum allowed size (proto-max-bulk-len)" {
            r setrange s 1048576 x
        }
        assert_equal x [r getrange s -1 -1]
        assert_equal "\0" [r getrange s 0 0]
        r config set proto-max-bulk-len 512mb
        r del s
    }

    test "SETRANGE with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'setrange' command" {r setrange s 0}
    }

    test "LCS returns the longest common subsequence" {
        r mset key1 ohmytext key2 mynewtext
        assert_equal {bulk mytext} [r typed lcs key1 key2]
        r mset a foo b fao
        assert_equal fo [r lcs a b]
    }

    test "LCS LEN returns its length" {
        assert_equal {int 6} [r typed lcs key1 key2 LEN]
    }

    test "LCS of missing keys or empty values is empty" {
        assert_equal {bulk {}} [r typed lcs nokey1 nokey2]
        assert_equal {bulk {}} [r typed lcs key1 nokey2]
        assert_equal 0 [r lcs nokey1 key2 len]
        r set empty ""
        assert_equal {bulk {}} [r typed lcs empty key1]
    }

    test "LCS of a key with itself is the whole value" {
        assert_equal ohmytext [r lcs key1 key1]
    }

    test "LCS IDX lists the matching ranges, last first, and the length" {
        assert_equal {matches {{{4 7} {5 8}} {{2 3} {0 1}}} len 6} [r lcs key1 key2 IDX]
    }

    test "LCS IDX with MINMATCHLEN drops shorter matches; WITHMATCHLEN adds lengths" {
        assert_equal {matches {{{4 7} {5 8} 4}} len 6} \
            [r lcs key1 key2 IDX MINMATCHLEN 4 WITHMATCHLEN]
        assert_equal {matches {{{4 7} {5 8} 4} {{2 3} {0 1} 2}} len 6} \
            [r lcs key1 key2 idx withmatchlen]
        assert_equal {matches {{{4 7} {5 8}} {{2 3} {0 1}}} len 6} \
            [r lcs key1 key2 IDX MINMATCHLEN -5]
        assert_equal {matches {} len 6} [r lcs key1 key2 IDX MINMATCHLEN 100]
    }

    test "LCS IDX of strings with nothing in common" {
        r mset x1 abc x2 xyz
        assert_equal {matches {} len 0} [r lcs x1 x2 IDX]
        assert_equal {bulk {}} [r typed lcs x1 x2]
    }

    test "LCS IDX breaks ties the way Redis does" {
        r mset t1 abcab t2 bacba
        assert_equal [r lcs t1 t2] bab
        assert_equal {matches {{{4 4} {3 3}} {{3 3} {1 1}} {{1 1} {0 0}}} len 3} \
            [r lcs t1 t2 IDX]
        r mset t1 aaaa t2 aa
        assert_equal {matches {{{2 3} {0 1}}} len 2} [r lcs t1 t2 IDX]
    }

    test "LCS IDX replies with a map in RESP3" {
        set c [redis_client]
        $c hello 3
        set reply [$c typed lcs key1 key2 IDX WITHMATCHLEN]
        assert_equal map [lindex $reply 0]
        assert_equal {bulk matches} [lindex $reply 1 0]
        assert_equal {bulk len} [lindex $reply 1 2]
        assert_equal {int 6} [lindex $reply 1 3]
        $c close
    }

    test "LCS is binary safe" {
        r set b1 "a\0b\r\nc"
        r set b2 "\0\r\n"
        assert_equal "\0\r\n" [r lcs b1 b2]
    }

    test "LCS options: errors" {
        assert_error "ERR If you want both the length and indexes, please just use IDX." {
            r lcs key1 key2 LEN IDX
        }
        assert_error "ERR syntax error" {r lcs key1 key2 FOO}
        assert_error "ERR syntax error" {r lcs key1 key2 IDX MINMATCHLEN}
        assert_error "ERR value is not an integer or out of range" {
            r lcs key1 key2 IDX MINMATCHLEN x
        }
    }

    test "LCS refuses a table larger than proto-max-bulk-len" {
        r config set proto-max-bulk-len 1mb
        r set big1 [string repeat a 600]
        r set big2 [string repeat b 600]
        assert_error "ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len" {
            r lcs big1 big2
        }
        r config set proto-max-bulk-len 512mb
        assert_equal 0 [r lcs big1 big2 LEN]
    }

    test "LCS with the wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'lcs' command" {r lcs key1}
    }
}
