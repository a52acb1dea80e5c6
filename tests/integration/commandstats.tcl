# INFO commandstats and errorstats: per-command calls, time, rejected and
# failed calls; error replies per error code; which INFO selections show
# them; CONFIG RESETSTAT clears them.

# The cmdstat_<name> line of INFO commandstats as a dict, or {} if absent.
proc cmdstat {name} {
    set fields [info_parse [r info commandstats]]
    if {![dict exists $fields cmdstat_$name]} {
        return {}
    }
    set stats {}
    foreach pair [split [dict get $fields cmdstat_$name] ,] {
        lassign [split $pair =] key value
        dict set stats $key $value
    }
    return $stats
}

proc errorstat {code} {
    return [info_field r errorstats errorstat_$code]
}

start_server {} {
    test "INFO commandstats lines have Redis 7.0's fields in order" {
        r config resetstat
        r set k v
        r get k
        set text [r info commandstats]
        assert_match "# Commandstats\r\n*" $text
        set line ""
        foreach l [split $text "\n"] {
            if {[string match cmdstat_get:* $l]} { set line [string trimright $l "\r"] }
        }
        assert {[regexp {^cmdstat_get:calls=1,usec=(\d+),usec_per_call=(\d+\.\d\d),rejected_calls=0,failed_calls=0$} $line -> usec per]} $line
        assert_equal [format %.2f $usec] $per
    }

    test "usec_per_call is usec divided by calls" {
        r config resetstat
        for {set i 0} {$i < 7} {incr i} { r ping }
        set s [cmdstat ping]
        assert_equal 7 [dict get $s calls]
        assert_equal [format %.2f [expr {[dict get $s usec] / 7.0}]] [dict get $s usec_per_call]
    }

    test "CONFIG RESETSTAT leaves only itself in INFO commandstats" {
        r get k
        r config resetstat
        set lines [lrange [split [string trimright [r info commandstats] "\r\n"] "\n"] 1 end]
        assert_equal 1 [llength $lines]
        assert_match "cmdstat_config|resetstat:calls=1,usec=*,rejected_calls=0,failed_calls=0" [lindex $lines 0]
    }

    test "Subcommands are counted as container|subcommand" {
        r config resetstat
        r config get port
        r client id
        assert_equal 1 [dict get [cmdstat config|get] calls]
        assert_equal 1 [dict get [cmdstat client|id] calls]
        assert_equal {} [cmdstat config]
    }

    test "A command refused for its arity counts as rejected, not called" {
        r config resetstat
        assert_error "ERR wrong number of arguments for 'get' command" {r get}
        assert_equal {calls 0 usec 0 usec_per_call 0.00 rejected_calls 1 failed_calls 0} [cmdstat get]
    }

    test "A container without its subcommand is rejected on the container" {
        r config resetstat
        assert_error "ERR wrong number of arguments for 'config' command" {r config}
        assert_equal 1 [dict get [cmdstat config] rejected_calls]
    }

    test "A command that runs and replies an error counts as called and failed" {
        r config resetstat
        r set str abc
        assert_error "ERR value is not an integer or out of range" {r incr str}
        set s [cmdstat incr]
        assert_equal 1 [dict get $s calls]
        assert_equal 1 [dict get $s failed_calls]
        assert_equal 0 [dict get $s rejected_calls]
    }

    test "Unknown commands and subcommands appear only in errorstats" {
        r config resetstat
        assert_error "ERR unknown command*" {r nosuchcommand a}
        assert_error "ERR unknown subcommand 'nosuch'. Try CONFIG HELP." {r config nosuch}
        assert_equal {} [cmdstat nosuchcommand]
        assert_equal {} [cmdstat config]
        assert_equal count=2 [errorstat ERR]
    }

    test "errorstats are keyed by the error code, the first word of the error" {
        r config resetstat
        assert_error "NOPROTO*" {r hello 4}
        assert_error "ERR*" {r get}
        assert_error "ERR*" {r get}
        assert_equal "# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_NOPROTO:count=1\r\n" \
            [r info errorstats]
    }

    test "total_error_replies counts every error reply" {
        r config resetstat
        catch {r get}
        catch {r nosuch}
        catch {r hello 9}
        assert_equal 3 [info_field r stats total_error_replies]
    }

    test "CONFIG RESETSTAT clears errorstats and total_error_replies" {
        catch {r get}
        r config resetstat
        assert_equal "# Errorstats\r\n" [r info errorstats]
        assert_equal 0 [info_field r stats total_error_replies]
    }

    test "INFO and INFO default show Errorstats but not Commandstats" {
        foreach text [list [r info] [r info default]] {
            set sections [info_sections $text]
            assert {"Errorstats" in $sections}
            assert {"Commandstats" ni $sections}
        }
    }

    test "INFO all and INFO everything show Commandstats before Errorstats" {
        foreach arg {all everything} {
            set sections [info_sections [r info $arg]]
            set c [lsearch $sections Commandstats]
            set e [lsearch $sections Errorstats]
            assert {$c >= 0 && $e > $c} $sections
        }
    }

    test "INFO with section names gives those sections, added to default if named" {
        assert_equal {Commandstats Errorstats} [info_sections [r info commandstats errorstats]]
        set sections [info_sections [r info default commandstats]]
        assert {"Commandstats" in $sections && "Server" in $sections}
        assert {"Commandstats" in [info_sections [r info COMMANDSTATS]]}
    }
}
