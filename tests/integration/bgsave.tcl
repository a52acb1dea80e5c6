# Background snapshots: BGSAVE [SCHEDULE] in a forked child while the
# server goes on serving, the save rules that start one, the MISCONF error
# after a failed one (stop-writes-on-bgsave-error), the save SHUTDOWN and
# SIGTERM make, FLUSHALL stopping a BGSAVE, and the INFO persistence fields.
#
# A save is made to fail by naming a dbfilename that is a directory: the
# rename of the finished temp file over it fails (EISDIR) whoever runs the
# tests, root included, and the dump that was there stays.
#
# rdb-key-save-delay (microseconds per key, a test aid Redis has too) makes
# a child slow enough to watch. A child that must outlast a test step sleeps
# a whole second per key, and FLUSHALL or SHUTDOWN ends it.

# Redis 7.0 refuses CONFIG SET dir/dbfilename unless this is on; redis-mini
# has no protected configs.
proc bgsave_overrides {args} {
    if {[::server::is_redis]} {
        lappend args enable-protected-configs yes
    }
    return $args
}

proc bgsave_field {field} {
    return [info_field r persistence $field]
}

proc bgsave_wait_done {} {
    wait_for_condition 600 50 {[bgsave_field rdb_bgsave_in_progress] == 0} else {
        fail "the BGSAVE did not end: [::server::tail_file [srv log] 10]"
    }
}

proc bgsave_wait_status {status} {
    wait_for_condition 600 50 {
        [bgsave_field rdb_bgsave_in_progress] == 0 &&
        [bgsave_field rdb_last_bgsave_status] eq $status
    } else {
        fail "rdb_last_bgsave_status did not become $status: [::server::tail_file [srv log] 10]"
    }
}

# n keys k:0 .. k:n-1 with values v:0 ..., in one MSET.
proc bgsave_fill {n {prefix k}} {
    set args {}
    for {set i 0} {$i < $n} {incr i} {
        lappend args $prefix:$i v:$i
    }
    r mset {*}$args
}

proc bgsave_log_count {pattern} {
    return [llength [regexp -all -inline -- $pattern [read_file [srv log]]]]
}

proc bgsave_temp_files {} {
    return [glob -nocomplain -tails -directory [srv dir] temp-*.rdb]
}

# Blocks dbfilename `name` with a directory of that name.
proc bgsave_block {name} {
    file mkdir [file join [srv dir] $name]
    r config set dbfilename $name
}

start_server [list overrides [bgsave_overrides]] {
    test "BGSAVE replies 'Background saving started' and the dump appears" {
        r set a 1
        assert_equal {status {Background saving started}} [r typed bgsave]
        bgsave_wait_status ok
        assert [file exists [file join [srv dir] dump.rdb]]
        assert_equal 0 [bgsave_field rdb_changes_since_last_save]
        assert_equal 1 [bgsave_field rdb_saves]
        assert {[bgsave_field rdb_last_bgsave_time_sec] >= 0}
        assert_equal -1 [bgsave_field rdb_current_bgsave_time_sec]
        assert_equal [r lastsave] [bgsave_field rdb_last_save_time]
        assert_equal {} [bgsave_temp_files]
    }

    test "INFO stats counts the fork: total_forks and latest_fork_usec" {
        assert_equal 1 [info_field r stats total_forks]
        assert {[info_field r stats latest_fork_usec] > 0}
    }

    test "BGSAVE with an argument other than SCHEDULE is a syntax error" {
        assert_error "ERR syntax error" {r bgsave now}
        assert_error "ERR syntax error" {r bgsave schedule extra}
    }

    test "After BGSAVE and a restart the keys are back" {
        r flushall
        bgsave_fill 50
        r set withttl x
        r pexpire withttl 500000
        r bgsave
        bgsave_wait_status ok
        # The harness's save "" means the stop itself saves nothing.
        restart_server
        assert_equal 51 [r dbsize]
        assert_equal v:49 [r get k:49]
        assert_range [r ttl withttl] 400 500
        assert_equal 51 [bgsave_field rdb_last_load_keys_loaded]
        assert_equal 0 [bgsave_field rdb_last_load_keys_expired]
    }

    test "CONFIG RESETSTAT zeroes rdb_saves" {
        r config resetstat
        assert_equal 0 [bgsave_field rdb_saves]
    }
}

start_server [list overrides [bgsave_overrides]] {
    test "While a BGSAVE runs: BGSAVE, BGSAVE SCHEDULE and SAVE are refused" {
        bgsave_fill 10
        r config set rdb-key-save-delay 1000000
        assert_equal {Background saving started} [r bgsave]
        assert_equal 1 [bgsave_field rdb_bgsave_in_progress]
        assert_error "ERR Background save already in progress" {r bgsave}
        assert_error "ERR Background save already in progress" {r bgsave schedule}
        assert_error "ERR Background save already in progress" {r save}
        assert {[bgsave_field rdb_current_bgsave_time_sec] >= 0}
        assert_equal 10 [bgsave_field current_save_keys_total]
    }

    test "The child reports its progress: keys processed and current_fork_perc" {
        wait_for_condition 100 50 {[bgsave_field current_save_keys_processed] >= 1} else {
            fail "no progress reported"
        }
        set processed [bgsave_field current_save_keys_processed]
        assert_equal [format %.2f [expr {$processed * 100.0 / 10}]] \
            [bgsave_field current_fork_perc]
    }

    test "FLUSHALL stops a running BGSAVE, removes its temp file, status stays ok" {
        assert_equal OK [r flushall]
        bgsave_wait_done
        assert_equal ok [bgsave_field rdb_last_bgsave_status]
        assert_equal {} [bgsave_temp_files]
        wait_for_condition 100 20 {[bgsave_log_count {terminated by signal}] == 1} else {
            fail "no log line for the stopped child"
        }
        foreach field {current_save_keys_total current_save_keys_processed current_cow_size} {
            assert_equal 0 [bgsave_field $field] $field
        }
        r config set rdb-key-save-delay 0
    }

    test "BGSAVE inside MULTI/EXEC is scheduled, and the cron starts it" {
        set saves [bgsave_field rdb_saves]
        r multi
        r bgsave
        assert_equal {{Background saving scheduled}} [r exec]
        wait_for_condition 100 50 {[bgsave_field rdb_saves] > $saves} else {
            fail "the scheduled BGSAVE did not start"
        }
        bgsave_wait_status ok
    }
}

start_server [list overrides [bgsave_overrides]] {
    test "Writes made while the child runs are served, not in the dump, and still changes" {
        bgsave_fill 20
        r config set rdb-key-save-delay 100000
        r bgsave
        r config set rdb-key-save-delay 0
        r set k:0 changed
        r set new 1
        r del k:1
        assert_equal 1 [bgsave_field rdb_bgsave_in_progress]
        bgsave_wait_status ok
        assert_equal 3 [bgsave_field rdb_changes_since_last_save]
        restart_server
        assert_equal 20 [r dbsize]
        assert_equal v:0 [r get k:0]
        assert_equal v:1 [r get k:1]
        assert_equal 0 [r exists new]
    }
}

start_server [list overrides [bgsave_overrides save {1 1}]] {
    test "CONFIG GET save shows the rules of the config file" {
        assert_equal {save {1 1}} [r config get save]
    }

    test "A met save rule starts a BGSAVE from the cron and logs why" {
        r set a 1
        wait_for_condition 200 50 {
            [bgsave_field rdb_saves] >= 1 && [bgsave_field rdb_bgsave_in_progress] == 0 &&
            [bgsave_field rdb_changes_since_last_save] == 0
        } else {
            fail "no automatic BGSAVE: [::server::tail_file [srv log] 10]"
        }
        assert_equal 1 [bgsave_log_count {1 changes in 1 seconds\. Saving\.\.\.}]
        assert_equal ok [bgsave_field rdb_last_bgsave_status]
        assert [file exists [file join [srv dir] dump.rdb]]
    }

    test "SIGTERM saves when there are save rules: the keys are back after a restart" {
        r config set save "3600 1"
        r set sigterm saved
        ::server::stop [srv pid]
        assert_match "*Saving the final RDB snapshot before exiting.*" \
            [::server::tail_file [srv log] 30]
        restart_server
        assert_equal saved [r get sigterm]
    }
}

start_server [list overrides [bgsave_overrides save {3600 1}]] {
    test "After a failed BGSAVE writes and PING get MISCONF, reads still work" {
        r set a 1
        bgsave_block blocked.rdb
        assert_equal {Background saving started} [r bgsave]
        bgsave_wait_status err
        set misconf "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error."
        assert_equal [list error $misconf] [r typed set a 2]
        assert_equal [list error $misconf] [r typed del a]
        assert_equal [list error $misconf] [r typed ping]
        assert_equal 1 [r get a]
        assert_equal 1 [r exists a]
        assert_match "*Background saving error*" [::server::tail_file [srv log] 10]
    }

    test "MISCONF refuses a write queued in MULTI, so EXEC aborts" {
        r multi
        assert_error "MISCONF *" {r set a 3}
        assert_error "EXECABORT Transaction discarded because of previous errors." {r exec}
        r multi
        r get a
        assert_equal {1} [r exec]
    }

    test "An EXEC of writes queued before the failure is aborted with MISCONF" {
        set other [redis_client]
        $other config set stop-writes-on-bgsave-error no
        r multi
        r set a queued
        $other config set stop-writes-on-bgsave-error yes
        $other close
        set reply [r typed exec]
        assert_equal error [lindex $reply 0]
        assert_match "EXECABORT Transaction discarded because of: MISCONF Redis is configured*" \
            [lindex $reply 1]
        # The transaction is gone, not waiting for another EXEC.
        assert_error "ERR EXEC without MULTI" {r exec}
        assert_equal 1 [r get a]
    }

    test "stop-writes-on-bgsave-error no, or no save rules: writes are accepted" {
        assert_equal {stop-writes-on-bgsave-error yes} [r config get stop-writes-on-bgsave-error]
        r config set stop-writes-on-bgsave-error no
        assert_equal OK [r set a 4]
        r config set stop-writes-on-bgsave-error yes
        assert_error "MISCONF *" {r set a 5}
        r config set save ""
        assert_equal OK [r set a 6]
        r config set save "3600 1"
        assert_error "MISCONF *" {r set a 7}
    }

    test "A failed SAVE replies ERR; a successful one ends MISCONF" {
        assert_error "ERR" {r save}
        assert_equal err [bgsave_field rdb_last_bgsave_status]
        r config set dbfilename dump.rdb
        assert_equal OK [r save]
        assert_equal ok [bgsave_field rdb_last_bgsave_status]
        assert_equal OK [r set a 8]
        assert_equal PONG [r ping]
    }

    test "A failed foreground SAVE leaves rdb_last_bgsave_status ok and writes allowed" {
        r config set dbfilename blocked.rdb
        assert_error "ERR" {r save}
        assert_equal ok [bgsave_field rdb_last_bgsave_status]
        assert_equal OK [r set a 9]
        r config set dbfilename dump.rdb
    }

    test "SHUTDOWN refuses to exit when its save fails, SHUTDOWN SAVE too" {
        r config set dbfilename blocked.rdb
        assert_error "ERR Errors trying to SHUTDOWN. Check logs." {r shutdown}
        assert_error "ERR Errors trying to SHUTDOWN. Check logs." {r shutdown save}
        assert_match "*Error trying to save the DB, can't exit.*" \
            [::server::tail_file [srv log] 10]
        assert_equal 9 [r get a]
    }

    test "SIGTERM with a failing save leaves the server running, as Redis 7.0 does" {
        exec kill -TERM [srv pid]
        wait_for_condition 100 20 {
            [bgsave_log_count {Errors trying to shut down the server}] >= 3
        } else {
            fail "the SIGTERM was not handled: [::server::tail_file [srv log] 10]"
        }
        assert_equal 9 [r get a]
    }

    test "SHUTDOWN FORCE exits even though the save fails" {
        server_expect_exit
        catch {r shutdown force}
        assert [::server::wait_exit [srv pid] 10000]
        assert_match "*Error trying to save the DB. Exit anyway.*" \
            [::server::tail_file [srv log] 10]
    }
}

start_server [list overrides [bgsave_overrides save {1 1}]] {
    test "After a failed BGSAVE the rules try again only 5 seconds later" {
        bgsave_block blocked.rdb
        r set a 1
        wait_for_condition 400 50 {[bgsave_log_count {Background saving error}] >= 2} else {
            fail "the BGSAVE was not retried: [::server::tail_file [srv log] 10]"
        }
        set times {}
        foreach line [split [read_file [srv log]] "\n"] {
            if {[regexp {(\d+ \w+ \d+ [\d:]+)\.(\d+) \* Background saving started} $line \
                     -> stamp ms]} {
                lappend times [expr {[clock scan $stamp -format {%d %b %Y %H:%M:%S}] * 1000
                                     + [scan $ms %d]}]
            }
        }
        assert {[llength $times] >= 2}
        set gap [expr {[lindex $times 1] - [lindex $times 0]}]
        assert {$gap >= 5000} "second attempt ${gap}ms after the first"
        r config set dbfilename dump.rdb
        assert_equal OK [r save]
    }
}

start_server [list overrides [bgsave_overrides]] {
    test "SHUTDOWN NOSAVE with save rules writes no dump" {
        r config set save "3600 1"
        r set a 1
        server_expect_exit
        catch {r shutdown nosave}
        assert [::server::wait_exit [srv pid] 10000]
        assert_equal 0 [file exists [file join [srv dir] dump.rdb]]
    }
}

start_server [list overrides [bgsave_overrides]] {
    test "SHUTDOWN without save rules writes no dump" {
        r set a 1
        server_expect_exit
        catch {r shutdown}
        assert [::server::wait_exit [srv pid] 10000]
        assert_equal 0 [file exists [file join [srv dir] dump.rdb]]
    }
}

start_server [list overrides [bgsave_overrides]] {
    test "SHUTDOWN SAVE without save rules saves, and the keys are back after a start" {
        r set a saved
        server_expect_exit
        catch {r shutdown save}
        assert [::server::wait_exit [srv pid] 10000]
        assert [file exists [file join [srv dir] dump.rdb]]
        restart_server
        assert_equal saved [r get a]
    }
}

start_server [list overrides [bgsave_overrides save {3600 1}]] {
    test "SHUTDOWN during a BGSAVE stops the child, removes its temp file and saves" {
        bgsave_fill 10
        r config set rdb-key-save-delay 1000000
        r bgsave
        wait_for_condition 100 20 {[llength [bgsave_temp_files]] == 1} else {
            fail "no temp file of the child"
        }
        r config set rdb-key-save-delay 0
        server_expect_exit
        catch {r shutdown}
        assert [::server::wait_exit [srv pid] 10000]
        assert_equal {} [bgsave_temp_files]
        assert_match "*There is a child saving an .rdb. Killing it!*" \
            [::server::tail_file [srv log] 10]
        restart_server
        assert_equal 10 [r dbsize]
    }

    test "FLUSHALL with save rules saves the empty dataset at once" {
        assert_equal 10 [r dbsize]
        r flushall
        assert_equal 0 [bgsave_field rdb_changes_since_last_save]
        # Killed, so the only save is FLUSHALL's.
        exec kill -KILL [srv pid]
        assert [::server::wait_exit [srv pid] 10000]
        restart_server
        assert_equal 0 [r dbsize]
    }
}

start_server [list overrides [bgsave_overrides]] {
    test "CONFIG SET save replaces the rules; a bad value is refused with Redis's error" {
        assert_equal {save {}} [r config get save]
        assert_equal OK [r config set save "100 2 50 3"]
        assert_equal {save {100 2 50 3}} [r config get save]
        assert_equal OK [r config set save "10 0"]
        assert_equal {save {10 0}} [r config get save]
        foreach bad {1 {0 1} {1 -1} {a b} {1  2} {1 2 3}} {
            assert_error "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters" {
                r config set save $bad
            }
        }
        assert_equal {save {10 0}} [r config get save]
        r config set save ""
        assert_equal {save {}} [r config get save]
    }

    test "INFO persistence lists Redis 7.0's rdb fields in its order" {
        set names {}
        foreach line [split [r info persistence] "\n"] {
            if {[regexp {^((current|rdb)_[a-z_]+):} $line -> name]} {
                lappend names $name
            }
        }
        assert_equal [list current_cow_peak current_cow_size current_cow_size_age \
            current_fork_perc current_save_keys_processed current_save_keys_total \
            rdb_changes_since_last_save rdb_bgsave_in_progress rdb_last_save_time \
            rdb_last_bgsave_status rdb_last_bgsave_time_sec rdb_current_bgsave_time_sec \
            rdb_saves rdb_last_cow_size rdb_last_load_keys_expired \
            rdb_last_load_keys_loaded] $names
        assert_match "*loading:0\r\nasync_loading:0\r\ncurrent_cow_peak:*" [r info persistence]
    }
}

start_server [list overrides [bgsave_overrides save {100 2} save {50 3}] \
                  args {--save 10 1}] {
    test "Several save lines of the config file and command line add up" {
        assert_equal {save {100 2 50 3 10 1}} [r config get save]
    }

    test "CONFIG REWRITE writes the rules, and save \"\" when there are none" {
        if {[::server::is_redis]} {
            skip "redis-server writes one rule per line"
        }
        r config rewrite
        set lines [regexp -all -inline -line {^save .*$} [read_file [srv config_file]]]
        assert_equal {{save 100 2 50 3 10 1}} $lines
        r config set save ""
        r config rewrite
        set lines [regexp -all -inline -line {^save .*$} [read_file [srv config_file]]]
        assert_equal {{save ""}} $lines
    }
}

start_server [list overrides [bgsave_overrides save {100 2}] args {--save}] {
    test "A bare --save on the command line means no rules" {
        assert_equal {save {}} [r config get save]
    }
}

test "Without a save directive the rules are Redis 7.0's built-in ones" {
    set dir [::server::make_tmpdir bgsave-default]
    set port [::server::free_port]
    set pid [::server::spawn $dir [file join $dir stdout.log] \
                 [list --port $port --bind 127.0.0.1 --dir $dir]]
    try {
        assert_equal ready [::server::wait_ready $pid 127.0.0.1 $port]
        set c [redis_client 127.0.0.1 $port]
        assert_equal {save {3600 1 300 100 60 10000}} [$c config get save]
        assert_equal {stop-writes-on-bgsave-error yes} [$c config get stop-writes-on-bgsave-error]
        $c close
    } finally {
        ::server::stop $pid
        file delete -force $dir
    }
}

start_server [list overrides [bgsave_overrides]] {
    test "BGSAVE during a 50-client write load: clients are served while the child runs" {
        set bench [find_tool redis-benchmark]
        if {$bench eq ""} {
            skip "redis-benchmark is not installed (package redis-tools)"
        }
        bgsave_fill 3000
        # Runs until stopped: SET on random keys from 50 connections.
        set benchpid [exec $bench -h 127.0.0.1 -p [srv port] -c 50 -n 100000000 \
                          -r 1000000 -t set -q > /dev/null 2>@1 &]
        try {
            wait_for_condition 200 50 {
                [info_field r clients connected_clients] >= 51 &&
                [info_field r stats total_commands_processed] > 10000
            } else {
                fail "the benchmark clients did not connect"
            }
            # A millisecond per key: the child runs for about 3 seconds.
            r config set rdb-key-save-delay 1000
            assert_equal {Background saving started} [r bgsave]
            r config set rdb-key-save-delay 0
            set first [info_parse [r info]]
            assert_equal 1 [dict get $first rdb_bgsave_in_progress]
            wait_for_condition 200 20 {
                [info_field r stats total_commands_processed] >
                    [dict get $first total_commands_processed] + 5000
            } else {
                fail "commands stalled while the child ran"
            }
            set second [info_parse [r info]]
            assert_equal 1 [dict get $second rdb_bgsave_in_progress] \
                "the child ended before 5000 commands were served"
            assert {[dict get $second connected_clients] >= 51}
            set forked [dict get $second current_save_keys_total]
            assert {$forked >= 3000}
        } finally {
            catch {exec kill $benchpid}
        }
        bgsave_wait_status ok
        assert {[info_field r stats latest_fork_usec] > 0}
        # The load wrote to pages the child shared: some were copied.
        assert {[bgsave_field rdb_last_cow_size] > 0}
        restart_server
        assert_equal $forked [r dbsize]
        assert_equal v:2999 [r get k:2999]
    }
}

start_server [list overrides [bgsave_overrides save {3600 1}]] {
    test "A second SIGINT during the shutdown save exits at once and removes the temp file" {
        bgsave_fill 30
        r config set rdb-key-save-delay 200000
        server_expect_exit
        exec kill -INT [srv pid]
        wait_for_condition 200 20 {[llength [bgsave_temp_files]] == 1} else {
            fail "the shutdown save did not start: [::server::tail_file [srv log] 10]"
        }
        exec kill -INT [srv pid]
        assert [::server::wait_exit [srv pid] 10000]
        assert_equal {} [bgsave_temp_files]
        assert_equal 0 [file exists [file join [srv dir] dump.rdb]]
        assert_match "*You insist... exiting now.*" [::server::tail_file [srv log] 10]
    }
}
