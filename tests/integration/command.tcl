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

# The fewest and most words an argument list of COMMAND DOCS accepts (-1:
# no limit), from its types, tokens and flags.
proc doc_arg_counts {args_list} {
    set min 0
    set max 0
    foreach arg $args_list {
        lassign [doc_one_arg_counts $arg] lo hi
        incr min $lo
        set max [expr {$max < 0 || $hi < 0 ? -1 : $max + $hi}]
    }
    return [list $min $max]
}

proc doc_one_arg_counts {arg} {
    set type [dict get $arg type]
    set flags [expr {[dict exists $arg flags] ? [dict get $arg flags] : {}}]
    if {$type eq "oneof"} {
        set lo -1
        set hi 0
        foreach child [dict get $arg arguments] {
            lassign [doc_one_arg_counts $child] clo chi
            if {$lo < 0 || $clo < $lo} {set lo $clo}
            if {$hi >= 0 && ($chi < 0 || $chi > $hi)} {set hi $chi}
        }
        if {[dict exists $arg token]} {
            incr lo
            if {$hi >= 0} {incr hi}
        }
    } elseif {$type eq "block"} {
        lassign [doc_arg_counts [dict get $arg arguments]] lo hi
        if {[dict exists $arg token]} {
            incr lo
            if {$hi >= 0} {incr hi}
        }
    } elseif {$type eq "pure-token"} {
        set lo 1
        set hi 1
    } else {
        set lo [expr {[dict exists $arg token] ? 2 : 1}]
        set hi $lo
    }
    if {"multiple" in $flags} {set hi -1}
    if {"optional" in $flags} {set lo 0}
    return [list $lo $hi]
}

start_server {} {
    test "COMMAND DOCS set: arguments with types, tokens, flags and versions" {
        set docs [dict get [lindex [r command docs set] 1] arguments]
        assert_equal 5 [llength $docs]
        assert_equal {name key type key key_spec_index 0} [lindex $docs 0]
        assert_equal {name value type string} [lindex $docs 1]
        assert_equal {name condition type oneof since 2.6.12 flags optional arguments {{name nx type pure-token token NX} {name xx type pure-token token XX}}} \
            [lindex $docs 2]
        assert_equal {name get type pure-token token GET since 6.2.0 flags optional} \
            [lindex $docs 3]
        set expiration [lindex $docs 4]
        assert_equal expiration [dict get $expiration name]
        assert_equal oneof [dict get $expiration type]
        assert_equal {name seconds type integer token EX since 2.6.12} \
            [lindex [dict get $expiration arguments] 0]
        assert_equal {name keepttl type pure-token token KEEPTTL since 6.0.0} \
            [lindex [dict get $expiration arguments] 4]
    }

    test "COMMAND DOCS set: history entries are version and text pairs" {
        set history [dict get [lindex [r command docs set] 1] history]
        assert_equal 4 [llength $history]
        assert_equal {6.0.0 {Added the `KEEPTTL` option.}} [lindex $history 1]
    }

    test "COMMAND DOCS mset: a repeated key and value block" {
        set docs [dict get [lindex [r command docs mset] 1] arguments]
        assert_equal {{name key_value type block flags multiple arguments {{name key type key key_spec_index 0} {name value type string}}}} $docs
    }

    test "COMMAND DOCS of a command without arguments has no arguments field" {
        set doc [lindex [r command docs dbsize] 1]
        assert_equal {summary since group complexity} [dict keys $doc]
    }

    test "COMMAND DOCS of a container lists its subcommands with their docs" {
        set doc [lindex [r command docs config] 1]
        set subs [dict get $doc subcommands]
        assert {[dict exists $subs config|rewrite]}
        assert_equal {{name parameter_value type block flags multiple arguments {{name parameter type string} {name value type string}}}} \
            [dict get $subs config|set arguments]
    }

    test "COMMAND DOCS of a subcommand by its full name" {
        set reply [r command docs memory|usage]
        assert_equal memory|usage [lindex $reply 0]
        assert_equal {{name key type key key_spec_index 0} {name count type integer token SAMPLES flags optional}} \
            [dict get [lindex $reply 1] arguments]
    }

    test "COMMAND DOCS leaves unknown names out" {
        assert_equal {} [r command docs no-such-command]
        assert_equal get [lindex [r command docs no-such get] 0]
    }

    test "COMMAND DOCS in RESP3: maps, and flags as a set" {
        set c [redis_client]
        $c hello 3
        set reply [$c typed command docs get]
        assert_equal map [lindex $reply 0]
        set reply [$c typed command docs ping]
        set doc [lindex [lindex $reply 1] 1]
        # {bulk arguments} {array {{map {...}}}}
        set fields [lindex $doc 1]
        set args [lindex [lindex $fields end] 1]
        set arg [lindex [lindex $args 0] 1]
        assert_equal {set {{status optional}}} [lindex $arg end]
        $c close
    }

    test "Every command has docs whose arguments match its arity" {
        foreach name [r command list] {
            set info [lindex [r command info $name] 0]
            set arity [lindex $info 1]
            set doc [lindex [r command docs $name] 1]
            assert {[dict exists $doc summary]} "no docs for $name"
            if {[dict exists $doc subcommands]} continue
            # Redis documents every CLIENT KILL filter as optional, while its
            # arity asks for at least one, and gives DEBUG no arguments at
            # all: our docs follow Redis's.
            if {$name in {client|kill debug}} continue
            set argv {}
            if {[dict exists $doc arguments]} {set argv [dict get $doc arguments]}
            lassign [doc_arg_counts $argv] min max
            # The arity counts the command name (and the subcommand name).
            set words [expr {[string first | $name] >= 0 ? 2 : 1}]
            if {$arity > 0} {
                assert_equal [list [expr {$arity - $words}] [expr {$arity - $words}]] \
                    [list $min $max] "$name arity $arity"
            } else {
                assert_equal [expr {-$arity - $words}] $min "$name arity $arity"
                assert {$max < 0 || $max >= $min} "$name max $max"
            }
        }
    }

    test "COMMAND LIST lists every command and subcommand" {
        set names [r command list]
        foreach name {get set config config|get config|rewrite command|list memory|usage} {
            assert {$name in $names} "$name missing"
        }
        set subs 0
        foreach name [r command] {
            incr subs [llength [lindex $name 9]]
        }
        assert_equal [expr {[r command count] + $subs}] [llength $names]
    }

    test "COMMAND LIST FILTERBY PATTERN matches full names, ignoring case" {
        assert_equal {config config|get config|set config|rewrite config|resetstat config|help} \
            [r command list filterby pattern config*]
        assert_equal {config|get} [r command list filterby pattern CONFIG|G*]
        assert_equal {} [r command list filterby pattern nothing-like-this]
    }

    test "COMMAND LIST FILTERBY ACLCAT lists the commands of a category" {
        set strings [r command list filterby aclcat string]
        assert {"get" in $strings}
        assert {"incrby" in $strings}
        assert {"del" ni $strings}
        assert {"del" in [r command list filterby aclcat KEYSPACE]}
        assert_equal {} [r command list filterby aclcat no-such-category]
    }

    test "COMMAND LIST FILTERBY MODULE is empty: there are no modules" {
        assert_equal {array {}} [r typed command list filterby module anything]
    }

    test "COMMAND LIST with bad arguments is a syntax error" {
        assert_error "ERR syntax error" {r command list foo}
        assert_error "ERR syntax error" {r command list filterby pattern}
        assert_error "ERR syntax error" {r command list filterby bogus x}
    }

    test "COMMAND GETKEYS returns the keys of a command line" {
        assert_equal {k} [r command getkeys get k]
        assert_equal {a b} [r command getkeys mset a 1 b 2]
        assert_equal {a b c} [r command getkeys del a b c]
        assert_equal {k} [r command getkeys set k v ex 10]
        assert_equal {k} [r command getkeys memory usage k]
        assert_equal {k} [r command getkeys GET k]
    }

    test "COMMAND GETKEYS errors" {
        assert_error "ERR Invalid command specified" {r command getkeys nosuch x}
        assert_error "ERR Invalid command specified" {r command getkeys config nosuch}
        assert_error "ERR Invalid number of arguments specified for command" {
            r command getkeys get a b
        }
        assert_error "ERR Invalid number of arguments specified for command" {
            r command getkeys mset a
        }
        assert_error "ERR The command has no key arguments" {r command getkeys config get x}
        assert_error "ERR The command has no key arguments" {r command getkeys echo x}
        assert_error "ERR wrong number of arguments for 'command|getkeys' command" {
            r command getkeys get
        }
    }
}
