# Request parsing: RESP multibulk and inline requests, pipelining, requests
# split across reads, protocol errors (exact text, connection closed after
# the reply), command lookup errors, and random input.

# Sends raw bytes on a fresh connection and returns the client.
proc proto_send {bytes} {
    set c [redis_client]
    $c write_raw $bytes
    return $c
}

# Asserts that bytes on a fresh connection get the given error reply and that
# the server then closes the connection. The server reads no further than
# the error, so the rest of the bytes (the 64 KiB lines' last few KB) may
# reach a closed connection: written so that such a write's error is not
# left to fail the read of the reply.
proc proto_assert_error_and_close {bytes expected} {
    set c [redis_client]
    $c write_raw_may_close $bytes
    assert_equal [list error $expected] [$c read_typed]
    assert_closed $c
    $c close
}

# Writes bytes one at a time; after each one waits until the server has read
# it (total_net_input_bytes), so every byte arrives in its own read.
proc proto_write_bytewise {c bytes} {
    set info_len [string length "*2\r\n\$4\r\ninfo\r\n\$5\r\nstats\r\n"]
    set base [info_field r stats total_net_input_bytes]
    set calls 0
    for {set i 0} {$i < [string length $bytes]} {incr i} {
        $c write_raw [string index $bytes $i]
        set want [expr {$base + $i + 1}]
        wait_for_condition 200 5 {
            [info_field r stats total_net_input_bytes] - [incr calls] * $info_len >= $want
        } else {
            fail "server did not read byte $i of the request"
        }
    }
}

start_server {} {
    test "A multibulk request is executed and answered" {
        set c [proto_send "*3\r\n\$3\r\nSET\r\n\$3\r\nkey\r\n\$5\r\nvalue\r\n"]
        assert_equal {status OK} [$c read_typed]
        $c write_raw "*2\r\n\$3\r\nGET\r\n\$3\r\nkey\r\n"
        assert_equal {bulk value} [$c read_typed]
        $c close
    }

    test "Command names are case-insensitive" {
        assert_equal PONG [r PiNg]
        assert_equal OK [r sEt key v2]
        assert_equal v2 [r GET key]
    }

    test "A bulk argument may contain CR, LF and NUL bytes" {
        set c [proto_send "*3\r\n\$3\r\nSET\r\n\$3\r\nbin\r\n\$6\r\na\r\n\0\nb\r\n"]
        assert_equal {status OK} [$c read_typed]
        assert_equal "a\r\n\0\nb" [r get bin]
        $c close
    }

    test "An empty bulk argument is an empty string" {
        set c [proto_send "*3\r\n\$3\r\nSET\r\n\$5\r\nempty\r\n\$0\r\n\r\n"]
        assert_equal {status OK} [$c read_typed]
        assert_equal {bulk {}} [r typed get empty]
        $c close
    }

    test "An inline request is split on spaces" {
        set c [proto_send "SET inline hello\r\nGET inline\r\n"]
        assert_equal {status OK} [$c read_typed]
        assert_equal {bulk hello} [$c read_typed]
        $c close
    }

    test "An inline request may end with LF alone" {
        set c [proto_send "SET lf world\nGET lf\n"]
        assert_equal {status OK} [$c read_typed]
        assert_equal {bulk world} [$c read_typed]
        $c close
    }

    test "Empty inline lines are skipped without a reply" {
        set c [proto_send "\r\n\n\r\nPING\r\n\n  \r\nECHO next\r\n"]
        assert_equal {status PONG} [$c read_typed]
        assert_equal {bulk next} [$c read_typed]
        $c close
    }

    test "Inline arguments may be double or single quoted" {
        set c [proto_send "SET \"a key\" 'a value'\r\nGET \"a key\"\r\n"]
        assert_equal {status OK} [$c read_typed]
        assert_equal {bulk {a value}} [$c read_typed]
        $c close
    }

    test "Double quoted inline arguments understand escapes" {
        set c [proto_send "ECHO \"tab\\there\\x41\\n\"\r\n"]
        assert_equal [list bulk "tab\there\x41\n"] [$c read_typed]
        $c close
    }

    test "Inline and multibulk requests can be mixed on one connection" {
        set c [proto_send "PING\r\n*1\r\n\$4\r\nPING\r\nPING\r\n"]
        assert_equal {status PONG} [$c read_typed]
        assert_equal {status PONG} [$c read_typed]
        assert_equal {status PONG} [$c read_typed]
        $c close
    }

    test "*0 and *-1 are ignored without a reply" {
        set c [proto_send "*0\r\n*-1\r\n*1\r\n\$4\r\nPING\r\n"]
        assert_equal {status PONG} [$c read_typed]
        $c write_raw "ECHO alive\r\n"
        assert_equal {bulk alive} [$c read_typed]
        $c close
    }

    test "Many commands in one write are all answered in order" {
        r del counter
        set req {}
        for {set i 0} {$i < 1000} {incr i} {
            append req "*3\r\n\$3\r\nSET\r\n\$[string length k$i]\r\nk$i\r\n\$[string length v$i]\r\nv$i\r\n"
            append req "*2\r\n\$4\r\nINCR\r\n\$7\r\ncounter\r\n"
        }
        set c [proto_send $req]
        for {set i 0} {$i < 1000} {incr i} {
            assert_equal {status OK} [$c read_typed]
            assert_equal [list int [expr {$i + 1}]] [$c read_typed]
        }
        assert_equal {v0 v500 v999} [r mget k0 k500 k999]
        $c close
    }

    test "A pipeline written in uneven chunks is answered completely" {
        prng_seed 7
        set req {}
        for {set i 0} {$i < 500} {incr i} {
            append req "*2\r\n\$4\r\nECHO\r\n\$[string length m$i]\r\nm$i\r\n"
            append req "PING\r\n"
        }
        set c [redis_client]
        set pos 0
        while {$pos < [string length $req]} {
            set n [expr {1 + [prng_int 97]}]
            $c write_raw [string range $req $pos [expr {$pos + $n - 1}]]
            incr pos $n
        }
        for {set i 0} {$i < 500} {incr i} {
            assert_equal [list bulk m$i] [$c read_typed]
            assert_equal {status PONG} [$c read_typed]
        }
        $c close
    }

    test "A deferred client reads pipelined replies after writing them all" {
        set c [redis_client]
        $c deferred 1
        for {set i 0} {$i < 100} {incr i} {
            $c set pipe$i $i
        }
        for {set i 0} {$i < 100} {incr i} {
            $c get pipe$i
        }
        for {set i 0} {$i < 100} {incr i} {
            assert_equal OK [$c read]
        }
        for {set i 0} {$i < 100} {incr i} {
            assert_equal $i [$c read]
        }
        $c close
    }

    test "A multibulk request sent one byte per read is executed" {
        set c [redis_client]
        proto_write_bytewise $c "*3\r\n\$3\r\nSET\r\n\$8\r\nbytewise\r\n\$5\r\nv\r\n\0x\r\n"
        assert_equal {status OK} [$c read_typed]
        assert_equal "v\r\n\0x" [r get bytewise]
        $c close
    }

    test "An inline request sent one byte per read is executed" {
        set c [redis_client]
        proto_write_bytewise $c "ECHO \"split inline\"\r\n"
        assert_equal {bulk {split inline}} [$c read_typed]
        $c close
    }

    test "Unknown command error quotes the command and its first arguments" {
        assert_error "ERR unknown command 'foo', with args beginning with: 'a' 'b' " {
            r foo a b
        }
        assert_equal {error {ERR unknown command 'foo', with args beginning with: 'a' 'b' }} \
            [r typed foo a b]
    }

    test "Unknown command without arguments ends the error text with a space" {
        assert_equal {error {ERR unknown command 'nosuchcmd', with args beginning with: }} \
            [r typed nosuchcmd]
    }

    test "Unknown command keeps the connection open" {
        set c [redis_client]
        assert_equal {error {ERR unknown command 'foo', with args beginning with: 'x' }} \
            [$c typed foo x]
        assert_equal PONG [$c ping]
        $c close
    }

    # Redis looks command names up in a hash table whose compare stops at a
    # NUL: it rejects these names only while their hash lands in another
    # bucket than the command's (a random seed per start), so most runs.
    test "A command name with a NUL byte inside is an unknown command, not its prefix" {
        set c [proto_send "*2\r\n\$6\r\nget\0!1\r\n\$1\r\na\r\n"]
        try {
            # The name is quoted with %s: the quote stops at the NUL.
            assert_equal {error {ERR unknown command 'get', with args beginning with: 'a' }} \
                [$c read_typed]
            $c write_raw "*1\r\n\$5\r\nping\0\r\n"
            assert_equal {error {ERR unknown command 'ping', with args beginning with: }} \
                [$c read_typed]
            $c write_raw "*3\r\n\$4\r\nset\0\r\n\$6\r\nnulkey\r\n\$1\r\nv\r\n"
            assert_match "ERR unknown command*" [lindex [$c read_typed] 1]
            assert_equal {status PONG} [$c typed ping]
            assert_equal 0 [r exists nulkey]
        } finally {
            $c close
        }
    } mini-only

    test "Wrong number of arguments names the command and keeps the connection open" {
        set c [redis_client]
        assert_equal {error {ERR wrong number of arguments for 'get' command}} [$c typed get]
        assert_equal {error {ERR wrong number of arguments for 'get' command}} \
            [$c typed get a b]
        assert_equal PONG [$c ping]
        $c close
    }

    test "Protocol error: a non-numeric multibulk length" {
        proto_assert_error_and_close "*abc\r\n" "ERR Protocol error: invalid multibulk length"
    }

    test "Protocol error: a multibulk length over INT_MAX" {
        proto_assert_error_and_close "*2147483648\r\n" \
            "ERR Protocol error: invalid multibulk length"
    }

    test "Protocol error: a multibulk length over 1024*1024" {
        proto_assert_error_and_close "*1048577\r\n" \
            "ERR Protocol error: invalid multibulk length"
    } mini-only

    test "Protocol error: a negative bulk length" {
        proto_assert_error_and_close "*1\r\n\$-5\r\n" "ERR Protocol error: invalid bulk length"
    }

    test "Protocol error: a bulk length of -1 in a request" {
        proto_assert_error_and_close "*1\r\n\$-1\r\n" "ERR Protocol error: invalid bulk length"
    }

    test "Protocol error: a non-numeric bulk length" {
        proto_assert_error_and_close "*1\r\n\$abc\r\n" "ERR Protocol error: invalid bulk length"
    }

    test "Protocol error: a bulk length over proto-max-bulk-len (512mb)" {
        proto_assert_error_and_close "*1\r\n\$536870913\r\n" \
            "ERR Protocol error: invalid bulk length"
    }

    test "Protocol error: a bulk that does not start with '\$'" {
        proto_assert_error_and_close "*1\r\nx3\r\nfoo\r\n" \
            "ERR Protocol error: expected '\$', got 'x'"
    }

    test "Protocol error: the error is sent after the commands before it" {
        set c [proto_send "PING\r\n*1\r\n\$4\r\nPING\r\n*1\r\n:4\r\n"]
        assert_equal {status PONG} [$c read_typed]
        assert_equal {status PONG} [$c read_typed]
        assert_equal {error {ERR Protocol error: expected '$', got ':'}} [$c read_typed]
        assert_closed $c
        $c close
    }

    test "Protocol error: an inline request over 64 KiB without a newline" {
        proto_assert_error_and_close [string repeat a 70000] \
            "ERR Protocol error: too big inline request"
    }

    test "Protocol error: a multibulk count line over 64 KiB" {
        proto_assert_error_and_close "*[string repeat 1 70000]" \
            "ERR Protocol error: too big mbulk count string"
    }

    test "Protocol error: a bulk count line over 64 KiB" {
        proto_assert_error_and_close "*1\r\n\$[string repeat 1 70000]" \
            "ERR Protocol error: too big bulk count string"
    }

    test "Protocol error: an unclosed double quote in an inline request" {
        proto_assert_error_and_close "SET \"a b\r\n" \
            "ERR Protocol error: unbalanced quotes in request"
    }

    test "Protocol error: an unclosed single quote in an inline request" {
        proto_assert_error_and_close "SET 'a b\r\n" \
            "ERR Protocol error: unbalanced quotes in request"
    }

    test "Protocol error: a closing quote followed by a non-space" {
        proto_assert_error_and_close "SET \"a\"b c\r\n" \
            "ERR Protocol error: unbalanced quotes in request"
    }

    test "An inline quote may open in the middle of an unquoted argument" {
        set c [proto_send "set a\"b c\" x\r\n"]
        try {
            assert_equal {status OK} [$c read_typed]
            assert_equal {bulk x} [r typed get "ab c"]
            assert_equal 0 [r exists {a"b}]
            $c write_raw "echo x\"y\"\r\n"
            assert_equal {bulk xy} [$c read_typed]
            $c write_raw "echo a'b c'\r\n"
            assert_equal {bulk {ab c}} [$c read_typed]
            $c write_raw "echo x\"\\x41\"\r\n"
            assert_equal {bulk xA} [$c read_typed]
            $c write_raw "echo x\"\"\r\n"
            assert_equal {bulk x} [$c read_typed]
        } finally {
            $c close
        }
    }

    test "Protocol error: a quote opened mid-argument and closed before a non-space" {
        set c [proto_send "echo x\"y\"z\r\n"]
        try {
            assert_equal {error {ERR Protocol error: unbalanced quotes in request}} \
                [$c read_typed]
            assert_closed $c
        } finally {
            $c close
        }
    }

    test "Protocol errors leave other clients unaffected" {
        assert_equal PONG [r ping]
        wait_for_condition 100 20 {[status r connected_clients] == 1} else {
            fail "closed clients are still counted"
        }
    }

    test "Random bytes on fresh connections never crash the server" {
        prng_seed 20240601
        for {set i 0} {$i < 300} {incr i} {
            set bytes [prng_bytes [expr {1 + [prng_int 600]}]]
            set c [redis_client]
            $c write_raw $bytes
            $c close
            if {[catch {r ping} reply] || $reply ne "PONG"} {
                fail "no PONG after random buffer $i (seed 20240601): $reply"
            }
        }
        wait_for_condition 100 20 {[status r connected_clients] == 1} else {
            fail "fuzz clients are still connected"
        }
    }

    test "Random bytes after a valid command never crash the server" {
        prng_seed 99
        for {set i 0} {$i < 200} {incr i} {
            set c [redis_client]
            $c write_raw "*1\r\n\$4\r\nPING\r\n[prng_bytes [expr {1 + [prng_int 300]}]]"
            assert_equal {status PONG} [$c read_typed]
            $c close
        }
        assert_equal PONG [r ping]
    }
}

# Every command name followed by a NUL byte and more bytes must be unknown:
# a lookup that compares only up to the NUL, or reads the table's name past
# its end, would run the command. Its own server: a name that wrongly matched
# could be QUIT, SHUTDOWN or FLUSHALL. mini-only: Redis runs some of these
# (those whose hash shares the command's bucket; see above).
start_server {tags {mini-only}} {
    test "No command name followed by a NUL byte and 0-23 more bytes runs the command" {
        set names {}
        foreach entry [r command] {
            lappend names [lindex $entry 0]
        }
        assert {[llength $names] > 0}
        set c [redis_client]
        set sent {}
        set req {}
        foreach name $names {
            for {set extra 0} {$extra < 24} {incr extra} {
                set arg "$name\0[string repeat x $extra]"
                append req "*1\r\n\$[string length $arg]\r\n$arg\r\n"
                lappend sent $arg
            }
        }
        $c write_raw $req
        foreach arg $sent {
            set reply [$c read_typed]
            if {[lindex $reply 0] ne "error" ||
                ![string match "ERR unknown command*" [lindex $reply 1]]} {
                fail "command name [string map [list \0 \\0] $arg] got $reply"
            }
        }
        assert_equal {status PONG} [$c typed ping]
        $c close
    }
}
