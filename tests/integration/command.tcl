# COMMAND COUNT / INFO / DOCS: the command table as clients see it (name,
# arity, flags, key positions).

# The commands this server must have (the foundation issue's list).
set command_names {ping echo quit select get set del exists mget mset incr decr
    incrby decrby expire pexpire ttl pttl persist dbsize flushdb flushall info
    config command client shutdown}

start_server {} {
    test "COMMAND COUNT is at least the number of required commands" {
        set count [r command count]
        assert {[string is integer -strict $count]}
        assert {$count >= [llength $command_names]} "COMMAND COUNT is $count"
    }

    test "COMMAND COUNT with an argument is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'command|count' command" {
            r command count x
        }
    }

    test "COMMAND INFO knows every required command" {
        foreach name $command_names {
            set entry [lindex [r command info $name] 0]
            assert_equal $name [lindex $entry 0]
        }
    }

    test "COMMAND INFO get: name, arity 2, flags readonly fast, key at 1" {
        set entry [lindex [r command info get] 0]
        assert_equal 10 [llength $entry]
        lassign $entry name arity flags first last step
        assert_equal get $name
        assert_equal 2 $arity
        assert_equal {fast readonly} [lsort $flags]
        assert_equal {1 1 1} [list $first $last $step]
    }

    test "COMMAND INFO set: arity -3, flags write denyoom" {
        lassign [lindex [r command info set] 0] name arity flags first last step
        assert_equal {set -3} [list $name $arity]
        assert_equal {denyoom write} [lsort $flags]
        assert_equal {1 1 1} [list $first $last $step]
    }

    test "COMMAND INFO mset: keys from 1 to the last argument, every second one" {
        lassign [lindex [r command info mset] 0] name arity flags first last step
        assert_equal {mset -3} [list $name $arity]
        assert_equal {1 -1 2} [list $first $last $step]
    }

    test "COMMAND INFO del and exists take keys from 1 to the last argument" {
        foreach cmd {del exists mget} {
            lassign [lindex [r command info $cmd] 0] name arity flags first last step
            assert_equal [list $cmd -2 1 -1 1] [list $name $arity $first $last $step]
        }
    }

    test "COMMAND INFO arities of the fixed-arity commands" {
        foreach {cmd arity} {echo 2 incr 2 decr 2 incrby 3 decrby 3 ttl 2 pttl 2
                             persist 2 dbsize 1 select 2 quit -1 ping -1} {
            assert_equal $arity [lindex [r command info $cmd] 0 1] "arity of $cmd"
        }
    }

    test "COMMAND INFO of the keyspace commands: arity, flags and key positions" {
        foreach {cmd arity flags keys} {
            unlink -2 {fast write} {1 -1 1}         touch -2 {fast readonly} {1 -1 1}
            keys 2 {readonly} {0 0 0}               scan -2 {readonly} {0 0 0}
            type 2 {fast readonly} {1 1 1}          rename 3 {write} {1 2 1}
            renamenx 3 {fast write} {1 2 1}         randomkey 1 {readonly} {0 0 0}
            copy -3 {denyoom write} {1 2 1}         move 3 {fast write} {1 1 1}
            swapdb 3 {fast write} {0 0 0}           expireat -3 {fast write} {1 1 1}
            pexpireat -3 {fast write} {1 1 1}       expiretime 2 {fast readonly} {1 1 1}
            pexpiretime 2 {fast readonly} {1 1 1}
        } {
            lassign [lindex [r command info $cmd] 0] name got_arity got_flags first last step
            assert_equal [list $cmd $arity $flags $keys] \
                [list $name $got_arity [lsort $got_flags] [list $first $last $step]]
        }
    }

    test "COMMAND INFO of a keyless command has no key positions" {
        lassign [lindex [r command info ping] 0] name arity flags first last step
        assert_equal {0 0 0} [list $first $last $step]
    }

    test "COMMAND INFO of an unknown command is nil" {
        assert_equal {array {{nil {}}}} [r typed command info no-such-command]
    }

    test "COMMAND INFO with several names returns one entry per name in order" {
        set reply [r command info get no-such-command set]
        assert_equal 3 [llength $reply]
        assert_equal get [lindex $reply 0 0]
        assert_equal {} [lindex $reply 1]
        assert_equal set [lindex $reply 2 0]
    }

    test "COMMAND INFO is case-insensitive" {
        assert_equal get [lindex [r command info GET] 0 0]
    }

    test "COMMAND DOCS returns the command name and its documentation map" {
        set reply [r command docs get]
        assert_equal 2 [llength $reply]
        assert_equal get [lindex $reply 0]
        assert_equal 0 [expr {[llength [lindex $reply 1]] % 2}]
    }

    test "COMMAND with an unknown subcommand suggests COMMAND HELP" {
        assert_error "ERR unknown subcommand 'foo'. Try COMMAND HELP." {r command foo}
    }
}
