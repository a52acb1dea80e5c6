# MEMORY USAGE (a key's allocation plus its share of the tables that link
# it), MEMORY STATS (Redis's field names, measured figures only), MEMORY
# DOCTOR and MEMORY HELP.

start_server {} {
    test "MEMORY USAGE of a missing key is nil" {
        assert_equal {nil {}} [r typed memory usage no-such-key]
    }

    test "MEMORY USAGE counts the key and value bytes and a little more" {
        r set small v
        set small [r memory usage small]
        assert {$small >= 7} "usage $small"
        assert {$small < 200} "usage $small"
        r set big [string repeat x 10000]
        set big [r memory usage big]
        assert {$big >= 10003} "usage $big"
        assert {$big < 10003 + 2048} "usage $big"
    }

    test "MEMORY USAGE grows when the key gets an expiry" {
        r flushall
        r set a [string repeat x 100]
        r set b [string repeat x 100]
        set before [r memory usage a]
        r expire a 1000
        assert {[r memory usage a] > $before}
    }

    test "MEMORY USAGE accepts SAMPLES with a count" {
        r set k v
        assert_equal [r memory usage k] [r memory usage k SAMPLES 5]
        assert_equal [r memory usage k] [r memory usage k samples 0]
    }

    test "MEMORY USAGE with a bad SAMPLES is an error" {
        r set k v
        assert_error "ERR syntax error" {r memory usage k samples}
        assert_error "ERR syntax error" {r memory usage k samples -1}
        assert_error "ERR syntax error" {r memory usage k foo 1}
        assert_error "ERR value is not an integer or out of range" {r memory usage k samples x}
    }

    test "MEMORY USAGE without a key is a wrong number of arguments" {
        assert_error "ERR wrong number of arguments for 'memory|usage' command" {r memory usage}
    }

    test "MEMORY STATS has Redis's field names with measured values" {
        r flushall
        r set k v
        r select 3
        r set k v
        r select 0
        set stats [r memory stats]
        set fields {}
        foreach {k v} $stats {
            if {![string match db.* $k]} {lappend fields $k}
        }
        assert_equal [list {*}{peak.allocated total.allocated startup.allocated clients.normal
            overhead.total keys.count keys.bytes-per-key dataset.bytes dataset.percentage
            peak.percentage fragmentation fragmentation.bytes}] $fields
        assert {[dict get $stats startup.allocated] > 0}
        assert {[dict get $stats overhead.total] >= [dict get $stats startup.allocated]}
        # 100 kB values (above the sizes the allocator caches per thread,
        # so its count is exact): the dataset grows by what was stored.
        set base [dict get $stats dataset.bytes]
        for {set i 0} {$i < 20} {incr i} {r set big:$i [string repeat x 100000]}
        set grown [dict get [r memory stats] dataset.bytes]
        assert {$grown - $base >= 1900000} "dataset grew from $base to $grown"
        for {set i 0} {$i < 20} {incr i} {r del big:$i}
        assert_equal 2 [dict get $stats keys.count]
        assert {[dict get $stats total.allocated] > 0}
        assert {[dict get $stats peak.allocated] >= [dict get $stats total.allocated]}
        assert {[dict get $stats clients.normal] > 0}
        # Only databases with keys are listed.
        assert {[dict exists $stats db.0]}
        assert {[dict exists $stats db.3]}
        assert {![dict exists $stats db.1]}
        assert_equal {overhead.hashtable.main overhead.hashtable.expires} \
            [dict keys [dict get $stats db.0]]
        assert {[dict get $stats db.0 overhead.hashtable.main] > 0}
    }

    test "MEMORY STATS in RESP3 is a map with doubles for the ratios" {
        set c [redis_client]
        $c hello 3
        set reply [$c typed memory stats]
        assert_equal map [lindex $reply 0]
        set fields [lindex $reply 1]
        foreach {k v} $fields {
            if {[lindex $k 1] eq "fragmentation"} {assert_equal double [lindex $v 0]}
            if {[lindex $k 1] eq "keys.count"} {assert_equal int [lindex $v 0]}
        }
        $c close
    }

    test "MEMORY DOCTOR replies with a report" {
        set report [r memory doctor]
        assert {[string length $report] > 0}
        set c [redis_client]
        $c hello 3
        assert_equal verbatim [lindex [$c typed memory doctor] 0]
        $c close
    }

    test "MEMORY HELP lists the subcommands" {
        set help [r memory help]
        assert_match "MEMORY <subcommand>*" [lindex $help 0]
        assert {[lsearch -glob $help "USAGE <key>*"] >= 0}
        assert {[lsearch -glob $help "STATS"] >= 0}
        assert {[lsearch -glob $help "DOCTOR"] >= 0}
    }

    test "MEMORY with an unknown subcommand suggests MEMORY HELP" {
        assert_error "ERR unknown subcommand 'foo'. Try MEMORY HELP." {r memory foo}
    }
}
