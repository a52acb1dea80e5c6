# DEBUG: refused unless enable-debug-command allows it; SLEEP,
# SET-ACTIVE-EXPIRE, OBJECT and HELP; every other subcommand is unknown.

start_server {} {
    test "enable-debug-command is no by default and DEBUG is refused" {
        assert_equal {enable-debug-command no} [r config get enable-debug-command]
        assert_error {ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.} \
            {r debug sleep 0}
    }

    test "A refused DEBUG counts as a rejected call" {
        r config resetstat
        catch {r debug sleep 0}
        assert_match "calls=0,*,rejected_calls=1,failed_calls=0" \
            [info_field r commandstats cmdstat_debug]
    }

    test "enable-debug-command can't be changed at run time" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'enable-debug-command') - can't set immutable config" \
            {r config set enable-debug-command yes}
    }
}

start_server {overrides {enable-debug-command local}} {
    test "enable-debug-command local allows DEBUG from a loopback connection" {
        assert_equal OK [r debug sleep 0]
    }
}

start_server {overrides {enable-debug-command yes}} {
    test "DEBUG SLEEP 0 replies OK at once" {
        assert_equal {status OK} [r typed debug sleep 0]
    }

    test "DEBUG SLEEP blocks the server for the given seconds, fractions allowed" {
        r config resetstat
        set start [clock milliseconds]
        r debug sleep 0.05
        assert {[clock milliseconds] - $start >= 50}
        set stats [info_field r commandstats cmdstat_debug]
        assert {[regexp {usec=(\d+),} $stats -> usec]}
        assert {$usec >= 50000} $stats
    }

    test "DEBUG SLEEP with a non-number or negative sleeps for no time" {
        assert_equal OK [r debug sleep abc]
        assert_equal OK [r debug sleep -1]
    }

    test "DEBUG OBJECT shows a small integer as a shared int" {
        r set k 1
        assert_match {Value at:0x* refcount:2147483647 encoding:int serializedlength:2 lru:* lru_seconds_idle:*} \
            [r debug object k]
        assert_equal status [lindex [r typed debug object k] 0]
    }

    test "DEBUG OBJECT: integers are int, serialized in 2, 3, 5 bytes or as text" {
        foreach {value len refcount} {
            -1 2 1 127 2 2147483647 12345 3 1 -32768 3 1 100000 5 1
            -2147483648 5 1 12345678901 12 1 9223372036854775807 20 1
        } {
            r set k $value
            assert_match "Value at:* refcount:$refcount encoding:int serializedlength:$len *" \
                [r debug object k] "value $value"
        }
    }

    test "DEBUG OBJECT: strings up to 44 bytes are embstr, longer ones raw" {
        set s44 "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH"
        r set k $s44
        assert_match "* refcount:1 encoding:embstr serializedlength:45 *" [r debug object k]
        r set k "${s44}I"
        assert_match "* refcount:1 encoding:raw serializedlength:46 *" [r debug object k]
        r set k abc
        assert_match "* encoding:embstr serializedlength:4 *" [r debug object k]
        r set k 007
        assert_match "* encoding:embstr serializedlength:4 *" [r debug object k]
    }

    test "DEBUG OBJECT of a missing key is an error" {
        r del nokey
        assert_error "ERR no such key" {r debug object nokey}
    }

    test "DEBUG SET-ACTIVE-EXPIRE 0 stops active expiry, 1 restarts it" {
        r flushall
        r config resetstat
        assert_equal OK [r debug set-active-expire 0]
        for {set i 0} {$i < 20} {incr i} { r set vol$i x px 1 }
        # Several cron periods (hz 10) pass without an expiry cycle.
        after 500
        assert_equal 20 [r dbsize]
        assert_equal 0 [info_field r stats expired_keys]
        assert_equal OK [r debug set-active-expire 1]
        wait_for_condition 100 50 {[r dbsize] == 0} else {
            fail "keys were not expired after active expiry was enabled again"
        }
        assert_equal 20 [info_field r stats expired_keys]
    }

    test "DEBUG HELP lists the subcommands" {
        set help [r debug help]
        assert_equal "DEBUG <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:" [lindex $help 0]
        assert {"OBJECT <key>" in $help}
        assert {"SET-ACTIVE-EXPIRE <0|1>" in $help}
        assert {"SLEEP <seconds>" in $help}
        assert_equal {HELP {    Prints this help.}} [lrange $help end-1 end]
    }

    test "DEBUG with an unknown subcommand or wrong arguments is an error" {
        assert_error "ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP." \
            {r debug nosuch}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'object'. Try DEBUG HELP." \
            {r debug object}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP." \
            {r debug sleep 1 2}
        assert_error "ERR wrong number of arguments for 'debug' command" {r debug}
    }
}
