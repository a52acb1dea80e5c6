# DEBUG: refused unless enable-debug-command allows it; SLEEP,
# SET-ACTIVE-EXPIRE, OBJECT, DIGEST, DIGEST-VALUE, RELOAD and HELP; every
# other subcommand is unknown.

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

    test "DEBUG OBJECT's serializedlength is the compressed length when rdbcompression is on" {
        r set k [string repeat a 100]
        r config set rdbcompression no
        assert_match "* serializedlength:102 *" [r debug object k]
        r config set rdbcompression yes
        assert {[regexp {serializedlength:(\d+) } [r debug object k] -> len]}
        assert {$len < 102} "serializedlength $len"
    }

    test "DEBUG DIGEST of an empty dataset is 40 zeros, a status reply" {
        r flushall
        assert_equal [list status [string repeat 0 40]] [r typed debug digest]
    }

    # The digests below are what redis-server 7.0.15 replies for the same data.
    test "DEBUG DIGEST and DIGEST-VALUE are Redis's for the same strings" {
        r set a 1
        r set b hello
        r pexpire b 100000
        r select 3
        r set x "\x00\xff"
        r set n 12345
        assert_equal 96e298dbdf3f7562a4c215888ea326b63dc7ef55 [r debug digest]
        assert_equal {array {{status d65039c9cacd9d9ec4694829bfe23fe1ca4f3740} {status e1cf90774e995ae03de66e8109dc5cb9d9c2dc83}}} \
            [r typed debug digest-value x n]
        r select 0
        assert_equal {b4fc66738120fba0b5aa500ab5c2bf89cea1c5da d037c4eb8a8b36b602fbced4000daeab0714c1e3 0000000000000000000000000000000000000000} \
            [r debug digest-value a b nokey]
        assert_equal {} [r debug digest-value]
    }

    test "DEBUG DIGEST follows values and whether a key expires, not when" {
        set before [r debug digest]
        r pexpire b 5000000
        assert_equal $before [r debug digest]
        r persist b
        set persisted [r debug digest]
        assert {$persisted ne $before}
        r set a 2
        assert {[r debug digest] ne $persisted}
        r set a 1
        assert_equal $persisted [r debug digest]
        assert_error "ERR unknown subcommand or wrong number of arguments for 'digest'. Try DEBUG HELP." \
            {r debug digest extra}
    }

    test "DEBUG RELOAD saves, empties and loads back every key, value and expiry" {
        r flushall
        r set a 1
        r set big [string repeat xyz 10000]
        r set ttl v
        r pexpire ttl 100000
        r select 5
        r set five "\x00binary\xff"
        r select 0
        set digest [r debug digest]
        assert_equal {status OK} [r typed debug reload]
        assert_equal $digest [r debug digest]
        assert_range [r pttl ttl] 1 100000
        assert_equal 0 [info_field r persistence rdb_changes_since_last_save]
        assert [file exists [file join [srv dir] dump.rdb]]
        assert_match "*DB reloaded by DEBUG RELOAD*" [::server::tail_file [srv log] 5]
    }

    test "DEBUG RELOAD NOSAVE replaces the dataset with the file's, changes since save kept" {
        r set extra 1
        r del a
        assert_equal 2 [info_field r persistence rdb_changes_since_last_save]
        assert_equal OK [r debug reload nosave]
        assert_equal 0 [r exists extra]
        assert_equal 1 [r get a]
        assert_equal 2 [info_field r persistence rdb_changes_since_last_save]
    }

    test "DEBUG RELOAD NOSAVE NOFLUSH MERGE adds the file's keys, the file's value wins" {
        r set a 2
        r set mine 9
        assert_equal OK [r debug reload nosave noflush merge]
        assert_equal 1 [r get a]
        assert_equal 9 [r get mine]
        assert_equal [string repeat xyz 10000] [r get big]
    }

    test "DEBUG RELOAD NOFLUSH of a file with a key already in memory is an error, the server goes on" {
        if {[::server::is_redis]} {
            skip "redis-server stops on this on purpose; redis-mini replies an error"
        }
        assert_error "ERR Error trying to load the RDB dump" {r debug reload nosave noflush}
        assert_equal PONG [r ping]
        assert_match "*DEBUG RELOAD could not load dump.rdb: Duplicate key *" \
            [::server::tail_file [srv log] 5]
    }

    test "DEBUG RELOAD NOSAVE without a dump file empties the dataset and is an error" {
        file delete [file join [srv dir] dump.rdb]
        assert_error "ERR Error trying to load the RDB dump" {r debug reload nosave}
        assert_equal 0 [r dbsize]
    }

    test "DEBUG RELOAD with an unknown option is an error, nothing is saved" {
        r set k v
        assert_error "ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options." \
            {r debug reload nosave bogus}
        assert_equal v [r get k]
        assert ![file exists [file join [srv dir] dump.rdb]]
    }

    test "DEBUG HELP lists the subcommands" {
        set help [r debug help]
        assert_equal "DEBUG <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:" [lindex $help 0]
        assert {"OBJECT <key>" in $help}
        assert {"SET-ACTIVE-EXPIRE <0|1>" in $help}
        assert {"SLEEP <seconds>" in $help}
        assert {"DIGEST" in $help}
        assert {"DIGEST-VALUE <key> \[<key> ...\]" in $help}
        assert {"RELOAD \[option ...\]" in $help}
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
