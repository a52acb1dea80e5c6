# SLOWLOG GET / LEN / RESET / HELP and the slowlog-log-slower-than and
# slowlog-max-len directives. Commands are logged with a threshold of 0
# rather than made slow.

start_server {} {
    test "slowlog-log-slower-than is 10000 and slowlog-max-len 128 by default" {
        assert_equal {slowlog-log-slower-than 10000} [r config get slowlog-log-slower-than]
        assert_equal {slowlog-max-len 128} [r config get slowlog-max-len]
    }

    test "Fast commands are not logged with the default threshold" {
        r slowlog reset
        r ping
        assert_equal 0 [r slowlog len]
    }

    test "With a threshold of 0 every command is logged, the reset itself included" {
        r config set slowlog-log-slower-than 0
        r slowlog reset
        assert_equal 1 [r slowlog len]
        r ping
        assert_equal 3 [r slowlog len]
    }

    test "Passwords of AUTH and HELLO AUTH are logged as (redacted)" {
        r config set slowlog-log-slower-than 0
        catch {r auth default hunter2}
        r hello 2 auth default hunter2
        set entries [r slowlog get 3]
        assert_equal {hello 2 auth (redacted) (redacted)} [lindex $entries 0 3]
        assert_equal {auth (redacted) (redacted)} [lindex $entries 1 3]
    }

    test "An entry is id, unix time, microseconds, arguments, client address and name" {
        set id [r client id]
        r client setname slowclient
        set before [lindex [r time] 0]
        r set key value
        set after [lindex [r time] 0]
        set entries [r typed slowlog get 3]
        assert_equal array [lindex $entries 0]
        # Newest first: TIME, SET, TIME.
        set entry [lindex $entries 1 1]
        assert_equal array [lindex $entry 0]
        lassign [lindex $entry 1] id_ time duration argv addr name
        assert_equal int [lindex $id_ 0]
        assert_equal int [lindex $time 0]
        assert_equal int [lindex $duration 0]
        assert_range [lindex $time 1] $before $after
        assert {[lindex $duration 1] >= 0}
        assert_equal {array {{bulk set} {bulk key} {bulk value}}} $argv
        assert_equal [list bulk [client_addr $id]] $addr
        assert_equal {bulk slowclient} $name
        r client setname ""
    }

    test "Entries come newest first with increasing ids" {
        r slowlog reset
        r echo one
        r echo two
        set entries [r slowlog get 3]
        assert_equal {echo two} [lindex $entries 0 3]
        assert_equal {echo one} [lindex $entries 1 3]
        assert_equal {slowlog reset} [lindex $entries 2 3]
        set ids [list [lindex $entries 0 0] [lindex $entries 1 0] [lindex $entries 2 0]]
        assert_equal $ids [lsort -integer -decreasing $ids]
        assert_equal [expr {[lindex $ids 2] + 2}] [lindex $ids 0]
    }

    test "An unnamed client's entry has an empty name" {
        r slowlog reset
        r ping
        assert_equal "" [lindex [r slowlog get 1] 0 5]
    }

    test "SLOWLOG GET returns 10 entries by default, -1 for all, 0 for none" {
        r slowlog reset
        for {set i 0} {$i < 15} {incr i} { r ping }
        assert_equal 10 [llength [r slowlog get]]
        assert_equal 17 [llength [r slowlog get -1]]
        assert_equal {array {}} [r typed slowlog get 0]
        assert_equal 2 [llength [r slowlog get 2]]
    }

    test "SLOWLOG GET with a bad count is an error" {
        assert_error "ERR count should be greater than or equal to -1" {r slowlog get -2}
        assert_error "ERR count should be greater than or equal to -1" {r slowlog get abc}
        assert_error "ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP." \
            {r slowlog get 1 2}
    }

    test "Arguments longer than 128 bytes are cut and say how many bytes were left out" {
        r slowlog reset
        set long [string repeat x 200]
        r set $long [string repeat y 128]
        set argv [lindex [r slowlog get 1] 0 3]
        assert_equal "[string repeat x 128]... (72 more bytes)" [lindex $argv 1]
        assert_equal [string repeat y 128] [lindex $argv 2]
    }

    test "Commands with more than 32 arguments keep 31 and say how many more there were" {
        r slowlog reset
        set args {}
        for {set i 0} {$i < 20} {incr i} { lappend args k$i v$i }
        r mset {*}$args
        set argv [lindex [r slowlog get 1] 0 3]
        assert_equal 32 [llength $argv]
        assert_equal {mset k0 v0} [lrange $argv 0 2]
        assert_equal "... (10 more arguments)" [lindex $argv 31]
        r slowlog reset
        r del {*}[lrange $args 0 30]
        set argv [lindex [r slowlog get 1] 0 3]
        assert_equal 32 [llength $argv]
        assert_equal k15 [lindex $argv 31]
    }

    test "Arguments are binary safe" {
        r slowlog reset
        r echo "a\x00b\r\n\xff"
        assert_equal "a\x00b\r\n\xff" [lindex [r slowlog get 1] 0 3 1]
    }

    test "Commands refused before running are not logged" {
        r slowlog reset
        catch {r get}
        catch {r nosuchcommand}
        set entries [r slowlog get -1]
        assert_equal 1 [llength $entries]
        assert_equal {slowlog reset} [lindex $entries 0 3]
    }

    test "Commands that fail are logged" {
        r slowlog reset
        r set str abc
        catch {r incr str}
        assert_equal {incr str} [lindex [r slowlog get 1] 0 3]
    }

    test "SLOWLOG RESET replies OK and empties the log" {
        r ping
        assert_equal {status OK} [r typed slowlog reset]
        r config set slowlog-log-slower-than -1
        r slowlog reset
        assert_equal 0 [r slowlog len]
        r config set slowlog-log-slower-than 0
    }

    test "slowlog-log-slower-than -1 turns the log off" {
        r config set slowlog-log-slower-than -1
        r slowlog reset
        r ping
        assert_equal 0 [r slowlog len]
        r config set slowlog-log-slower-than 0
    }

    test "slowlog-max-len bounds the log and lowering it drops the oldest entries" {
        r config set slowlog-max-len 5
        for {set i 0} {$i < 10} {incr i} { r echo $i }
        set entries [r slowlog get -1]
        assert_equal 5 [llength $entries]
        assert_equal {echo 9} [lindex $entries 0 3]
        assert_equal {echo 5} [lindex $entries 4 3]
        r config set slowlog-max-len 2
        set entries [r slowlog get -1]
        assert_equal 2 [llength $entries]
        assert_equal {config set slowlog-max-len 2} [lindex $entries 0 3]
        assert_equal {slowlog get -1} [lindex $entries 1 3]
        r config set slowlog-max-len 0
        assert_equal 0 [r slowlog len]
        r config set slowlog-max-len 128
    }

    test "CONFIG SET refuses out-of-range values" {
        assert_error "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and 9223372036854775807 inclusive" \
            {r config set slowlog-log-slower-than -2}
        assert_error "ERR CONFIG SET failed (possibly related to argument 'slowlog-max-len') - argument must be between 0 and 9223372036854775807 inclusive" \
            {r config set slowlog-max-len -1}
    }

    test "SLOWLOG LEN replies an integer" {
        assert_equal int [lindex [r typed slowlog len] 0]
    }

    test "SLOWLOG HELP lists the subcommands" {
        set help [r slowlog help]
        assert_equal "SLOWLOG <subcommand> \[<arg> \[value\] \[opt\] ...\]. Subcommands are:" [lindex $help 0]
        assert {"GET \[<count>\]" in $help}
        assert {"LEN" in $help}
        assert {"RESET" in $help}
        assert_equal {HELP {    Prints this help.}} [lrange $help end-1 end]
    }

    test "SLOWLOG with an unknown subcommand or none is an error" {
        assert_error "ERR unknown subcommand 'nosuch'. Try SLOWLOG HELP." {r slowlog nosuch}
        assert_error "ERR wrong number of arguments for 'slowlog' command" {r slowlog}
        assert_error "ERR wrong number of arguments for 'slowlog|len' command" {r slowlog len x}
    }
}

start_server {overrides {slowlog-log-slower-than 0 slowlog-max-len 3}} {
    test "The slow log directives are read from the config file" {
        assert_equal {slowlog-log-slower-than 0} [r config get slowlog-log-slower-than]
        assert_equal {slowlog-max-len 3} [r config get slowlog-max-len]
        for {set i 0} {$i < 5} {incr i} { r ping }
        assert_equal 3 [r slowlog len]
    }
}

start_server {args {--slowlog-log-slower-than -1}} {
    test "The slow log directives are read from the command line" {
        assert_equal {slowlog-log-slower-than -1} [r config get slowlog-log-slower-than]
    }
}
