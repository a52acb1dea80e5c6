# INFO: the reply format, section selection, and the fields of the server,
# clients, memory, stats and keyspace sections and how they change.

# Fails unless every field is present in `INFO section`.
proc info_assert_fields {section fields} {
    set present [info_parse [r info $section]]
    foreach field $fields {
        if {![dict exists $present $field]} {
            fail "INFO $section has no field $field"
        }
    }
}

start_server {} {
    test "INFO replies with a bulk string" {
        assert_equal bulk [lindex [r typed info] 0]
    }

    test "INFO lines are section headers, blank lines or field:value, each ending in CRLF" {
        set text [r info all]
        assert_equal "\r\n" [string range $text end-1 end]
        foreach line [lrange [split $text "\n"] 0 end-1] {
            if {[string index $line end] ne "\r"} {
                fail "line without CR: '$line'"
            }
            set line [string range $line 0 end-1]
            if {$line eq ""} {
                continue
            }
            if {![regexp {^# [A-Z][A-Za-z]*$} $line] && ![regexp {^[a-z0-9_]+:} $line]} {
                fail "malformed INFO line: '$line'"
            }
        }
    }

    test "INFO without arguments has the Server, Clients, Memory, Stats and Keyspace sections in that order" {
        set sections [info_sections [r info]]
        set wanted {Server Clients Memory Stats Keyspace}
        set found {}
        foreach name $sections {
            if {$name in $wanted} {
                lappend found $name
            }
        }
        assert_equal $wanted $found
    }

    test "INFO default is the same set of sections as INFO without arguments" {
        assert_equal [info_sections [r info]] [info_sections [r info default]]
    }

    test "INFO all includes every default section" {
        set all [info_sections [r info all]]
        foreach name [info_sections [r info]] {
            assert {$name in $all} "section $name missing from INFO all"
        }
    }

    test "INFO with one section returns only that section" {
        assert_equal {Server} [info_sections [r info server]]
        assert_equal {Clients} [info_sections [r info clients]]
        assert_equal {Memory} [info_sections [r info memory]]
        assert_equal {Stats} [info_sections [r info stats]]
        assert_equal {Keyspace} [info_sections [r info keyspace]]
    }

    test "INFO section names are case-insensitive" {
        assert_equal {Server} [info_sections [r info SERVER]]
        assert_equal {Stats} [info_sections [r info StAtS]]
    }

    test "INFO with several sections returns each of them" {
        assert_equal {Clients Stats} [lsort [info_sections [r info stats clients]]]
        assert_equal {Keyspace Memory Server} \
            [lsort [info_sections [r info server memory keyspace]]]
    }

    test "INFO of an unknown section is an empty bulk string" {
        assert_equal {bulk {}} [r typed info no-such-section]
    }

    test "INFO server has the fields clients use to identify the server" {
        info_assert_fields server {redis_version redis_mode os arch_bits
            multiplexing_api process_id tcp_port uptime_in_seconds uptime_in_days
            hz executable config_file}
    }

    test "INFO server values describe this process" {
        set f [info_parse [r info server]]
        assert_match {[0-9]*.[0-9]*.[0-9]*} [dict get $f redis_version]
        assert_equal standalone [dict get $f redis_mode]
        assert_equal [srv pid] [dict get $f process_id]
        assert_equal [srv port] [dict get $f tcp_port]
        assert_equal 10 [dict get $f hz]
        assert_equal epoll [dict get $f multiplexing_api]
        assert_match {Linux*} [dict get $f os]
        assert {[dict get $f arch_bits] in {32 64}}
        assert_equal $::server::binary [dict get $f executable]
        assert_equal [srv config_file] [dict get $f config_file]
        assert_range [dict get $f uptime_in_seconds] 0 3600
        assert_equal 0 [dict get $f uptime_in_days]
    }

    test "INFO server has redis_mini_version" {
        assert_match {[0-9]*.[0-9]*} [info_field r server redis_mini_version]
    } mini-only

    test "INFO clients has connected_clients, maxclients and blocked_clients" {
        info_assert_fields clients {connected_clients maxclients blocked_clients}
        assert_equal 0 [info_field r clients blocked_clients]
        assert_equal [lindex [r config get maxclients] 1] [info_field r clients maxclients]
    }

    test "connected_clients counts each open connection" {
        assert_equal 1 [info_field r clients connected_clients]
        set c1 [redis_client]
        set c2 [redis_client]
        $c1 ping
        $c2 ping
        assert_equal 3 [info_field r clients connected_clients]
        $c1 close
        $c2 close
        wait_for_condition 100 20 {[info_field r clients connected_clients] == 1} else {
            fail "closed connections are still counted"
        }
    }

    test "INFO memory has the allocator's figures" {
        info_assert_fields memory {used_memory used_memory_human used_memory_rss
            used_memory_rss_human used_memory_peak used_memory_peak_human
            mem_allocator maxmemory}
        set f [info_parse [r info memory]]
        assert {[dict get $f used_memory] > 0}
        assert {[dict get $f used_memory_rss] > 0}
        assert {[dict get $f used_memory_peak] >= [dict get $f used_memory]}
        assert_match {*[0-9][BKMGT]} [dict get $f used_memory_human]
        assert_match {*[0-9][BKMGT]} [dict get $f used_memory_rss_human]
        assert_match {*[0-9][BKMGT]} [dict get $f used_memory_peak_human]
        assert {[dict get $f mem_allocator] ne ""}
        assert_equal 0 [dict get $f maxmemory]
    }

    test "used_memory grows when a 10 MB value is stored and shrinks when it is deleted" {
        set before [info_field r memory used_memory]
        r set big [string repeat x [expr {10 * 1024 * 1024}]]
        set with [info_field r memory used_memory]
        assert {$with - $before >= 10 * 1024 * 1024} "grew by [expr {$with - $before}]"
        r del big
        set after [info_field r memory used_memory]
        assert {$with - $after >= 10 * 1024 * 1024} "shrank by [expr {$with - $after}]"
        assert {[info_field r memory used_memory_peak] >= $with}
    }

    test "INFO stats has the traffic and keyspace counters" {
        info_assert_fields stats {total_connections_received total_commands_processed
            instantaneous_ops_per_sec total_net_input_bytes total_net_output_bytes
            instantaneous_input_kbps instantaneous_output_kbps rejected_connections
            expired_keys keyspace_hits keyspace_misses total_reads_processed
            total_writes_processed}
        set f [info_parse [r info stats]]
        assert {[string is integer -strict [dict get $f instantaneous_ops_per_sec]]}
        assert {[string is double -strict [dict get $f instantaneous_input_kbps]]}
        assert {[string is double -strict [dict get $f instantaneous_output_kbps]]}
        assert_equal 0 [dict get $f rejected_connections]
    }

    test "total_connections_received grows by one per connection" {
        set before [info_field r stats total_connections_received]
        set c [redis_client]
        $c ping
        assert_equal [expr {$before + 1}] [info_field r stats total_connections_received]
        $c close
    }

    test "total_commands_processed counts every command" {
        set before [info_field r stats total_commands_processed]
        for {set i 0} {$i < 5} {incr i} {
            r ping
        }
        # The five PINGs and the first INFO.
        assert_equal [expr {$before + 6}] [info_field r stats total_commands_processed]
    }

    test "total_net_input_bytes counts every byte read from clients" {
        set info_len [string length "*2\r\n\$4\r\ninfo\r\n\$5\r\nstats\r\n"]
        set before [info_field r stats total_net_input_bytes]
        r write_raw "PING\r\n"
        r read
        set after [info_field r stats total_net_input_bytes]
        assert_equal [expr {$before + 6 + $info_len}] $after
    }

    test "total_net_output_bytes counts the bytes written to clients" {
        set before [info_field r stats total_net_output_bytes]
        r ping
        set after [info_field r stats total_net_output_bytes]
        # At least the PONG and the first INFO reply.
        assert {$after - $before >= 7 + 100} "grew by [expr {$after - $before}]"
    }

    test "total_reads_processed and total_writes_processed grow with traffic" {
        set reads [info_field r stats total_reads_processed]
        set writes [info_field r stats total_writes_processed]
        r ping
        assert {[info_field r stats total_reads_processed] >= $reads + 2}
        assert {[info_field r stats total_writes_processed] >= $writes + 2}
    }

    test "keyspace_hits and keyspace_misses count lookups" {
        r set present v
        set hits [info_field r stats keyspace_hits]
        set misses [info_field r stats keyspace_misses]
        r get present
        r get absent
        r mget present absent absent
        assert_equal [expr {$hits + 2}] [info_field r stats keyspace_hits]
        assert_equal [expr {$misses + 3}] [info_field r stats keyspace_misses]
    }

    test "INFO keyspace has only its header when every database is empty" {
        r flushall
        assert_equal "# Keyspace\r\n" [r info keyspace]
    }

    test "INFO keyspace has one line per non-empty database" {
        r flushall
        r set a 1
        r set b 2 EX 100
        r set c 3
        r select 3
        r set d 4
        r select 0
        set lines [split [string trim [r info keyspace]] "\n"]
        assert_equal 3 [llength $lines]
        assert_match "db0:keys=3,expires=1,avg_ttl=*\r" [lindex $lines 1]
        assert_match "db3:keys=1,expires=0,avg_ttl=0" [string trim [lindex $lines 2]]
        regexp {avg_ttl=(\d+)} [lindex $lines 1] -> avg
        assert_range $avg 0 100000
        r flushall
    }
}
