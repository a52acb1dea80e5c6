# MONITOR: the line each monitoring client receives for a command, its
# quoting, which commands are left out, and monitors coming and going.

# A new client in MONITOR mode.
proc monitor_client {} {
    set m [redis_client]
    assert_equal {status OK} [$m typed monitor]
    return $m
}

# The next monitor line without its "<time> [db addr] " prefix.
proc monitor_command {m} {
    set line [$m read]
    if {![regexp {^\d+\.\d{6} \[\d+ [^\]]+\] (.*)$} $line -> cmd]} {
        fail "not a monitor line: '$line'"
    }
    return $cmd
}

start_server {} {
    test "A monitor gets +<unix>.<micro> \[db addr\] and the quoted command" {
        set other [redis_client]
        set addr [client_addr [$other client id]]
        set m [monitor_client]
        set before [clock seconds]
        $other set key value
        lassign [$m read_typed] type line
        assert_equal status $type
        assert {[regexp {^(\d+)\.(\d{6}) \[0 (\S+)\] "set" "key" "value"$} $line -> sec usec a]} $line
        assert_equal $addr $a
        assert {$sec >= $before}
        $other close
        $m close
    }

    test "Arguments are quoted as Redis quotes them" {
        set m [monitor_client]
        r set "a b" "q\"s\\\n\r\t\x07\x08\x00\x01\xff~"
        assert_equal {"set" "a b" "q\"s\\\n\r\t\a\b\x00\x01\xff~"} [monitor_command $m]
        $m close
    }

    test "Arguments keep the case the client sent" {
        set m [monitor_client]
        r PING
        assert_equal {"PING"} [monitor_command $m]
        $m close
    }

    test "Admin commands, refused commands and MONITOR itself are not shown" {
        set m [monitor_client]
        r config get port
        r client list
        r monitor
        catch {r get}
        catch {r nosuchcommand}
        reconnect
        r echo marker
        assert_equal {"echo" "marker"} [monitor_command $m]
        $m close
    }

    test "Passwords of AUTH and HELLO AUTH are shown as (redacted)" {
        set m [monitor_client]
        catch {r auth default hunter2}
        catch {r auth hunter2}
        r hello 2 auth default hunter2 setname named
        assert_equal {"auth" "(redacted)" "(redacted)"} [monitor_command $m]
        assert_equal {"auth" "(redacted)"} [monitor_command $m]
        assert_equal {"hello" "2" "auth" "(redacted)" "(redacted)" "setname" "named"} \
            [monitor_command $m]
        r client setname {}
        $m close
    }

    test "Commands that fail are shown" {
        set m [monitor_client]
        r set str abc
        catch {r incr str}
        assert_equal {"set" "str" "abc"} [monitor_command $m]
        assert_equal {"incr" "str"} [monitor_command $m]
        $m close
    }

    test "SELECT is shown with the database it selected, QUIT is shown" {
        set m [monitor_client]
        r select 5
        set line [$m read]
        assert_match {* \[5 *\] "select" "5"} $line
        r select 0
        $m read
        r quit
        reconnect
        assert_equal {"quit"} [monitor_command $m]
        $m close
    }

    test "Every monitor gets every line" {
        set m1 [monitor_client]
        set m2 [monitor_client]
        r echo both
        assert_equal {"echo" "both"} [monitor_command $m1]
        assert_equal {"echo" "both"} [monitor_command $m2]
        $m1 close
        $m2 close
    }

    test "A monitor sees its own commands after their replies; a second MONITOR gets no reply" {
        set m [monitor_client]
        $m deferred 1
        $m monitor
        $m ping
        assert_equal PONG [$m read]
        assert_equal {"ping"} [monitor_command $m]
        $m close
    }

    test "CLIENT LIST shows a monitor with flag O" {
        set m [monitor_client]
        $m deferred 1
        $m client id
        set id [$m read]
        assert_match "*id=$id *flags=O *" [r client list]
        $m close
    }

    test "A closed monitor is forgotten" {
        set m [monitor_client]
        set before [info_field r clients connected_clients]
        $m close
        wait_for_condition 100 20 {[info_field r clients connected_clients] < $before} else {
            fail "the monitor's connection was not closed"
        }
        r set after close
        assert_equal close [r get after]
    }
}
