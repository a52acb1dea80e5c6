# Loading the append-only file at start-up, and what a damaged one does: a
# command cut off at the end of the last file is dropped (aof-load-truncated
# yes) or stops start-up (no); anything else wrong stops start-up with exit
# status 1, the file and the offset in the log and a pointer to
# redis-check-aof. Never a crash.

set aof_good [aof_resp SELECT 0][aof_resp set a 1][aof_resp set b 2]
set aof_good_len [string length $aof_good]
set aof_one [aof_resp SELECT 0][aof_resp set a 1]

test "A last command cut off is dropped with aof-load-truncated yes: the file is cut back to the last whole command" {
    set dir [aof_make_dir trunc [list appendonly.aof.1.incr.aof [string range $aof_good 0 end-3]]]
    lassign [aof_try_start $dir] outcome log
    assert_equal started $outcome $log
    assert_match "*!!! Warning: short read while loading the AOF file appendonly.aof.1.incr.aof!!!*" $log
    assert_match "*!!! Truncating the AOF appendonly.aof.1.incr.aof at offset [string length $aof_one] !!!*" $log
    assert_match "*AOF appendonly.aof.1.incr.aof loaded anyway because aof-load-truncated is enabled*" $log
    assert_equal $aof_one [read_file [file join $dir appendonlydir appendonly.aof.1.incr.aof]]
    file delete -force $dir
}

test "A last command cut off stops start-up with aof-load-truncated no (exit 1, the offset, redis-check-aof)" {
    set dir [aof_make_dir trunc-no [list appendonly.aof.1.incr.aof [string range $aof_good 0 end-3]]]
    lassign [aof_try_start $dir --aof-load-truncated no] outcome code log
    assert_equal {exit 1} [list $outcome $code] $log
    assert_match "*Unexpected end of file reading the append only file appendonly.aof.1.incr.aof (the last whole command ends at offset [string length $aof_one])*redis-check-aof --fix <filename.manifest>*aof-load-truncated*" $log
    assert_equal [expr {$aof_good_len - 3}] [file size [file join $dir appendonlydir appendonly.aof.1.incr.aof]]
    file delete -force $dir
}

test "A transaction cut off at the end is dropped whole, MULTI included" {
    set data "$aof_one[aof_resp MULTI][aof_resp set m 1]"
    set dir [aof_make_dir multi [list appendonly.aof.1.incr.aof $data]]
    lassign [aof_try_start $dir] outcome log
    assert_equal started $outcome $log
    assert_match "*Revert incomplete MULTI/EXEC transaction in AOF file appendonly.aof.1.incr.aof*" $log
    assert_equal $aof_one [read_file [file join $dir appendonlydir appendonly.aof.1.incr.aof]]
    file delete -force $dir
}

test "Every cut of a file of commands loads what comes before the cut" {
    set data "$aof_good[aof_resp MULTI][aof_resp incr n][aof_resp EXEC][aof_resp set c 3]"
    foreach cut [list 1 2 5 9 17 30 [expr {[string length $data] - 1}]] {
        set dir [aof_make_dir cut$cut [list appendonly.aof.1.incr.aof [string range $data 0 end-$cut]]]
        lassign [aof_try_start $dir] outcome log
        assert_equal started $outcome "cut $cut: $log"
        file delete -force $dir
    }
}

test "A byte that cannot start a command stops start-up with the file and offset" {
    aof_assert_refused garbage [list appendonly.aof.1.incr.aof "${aof_good}garbage"] \
        "*Bad file format reading the append only file appendonly.aof.1.incr.aof at offset $aof_good_len: make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>*"
}

test "A damaged length in the middle stops start-up with the offset of its command" {
    set bad [string map [list "set\r\n\$1\r\na" "set\r\n\$X\r\na"] $aof_good]
    set dir [aof_make_dir badlen [list appendonly.aof.1.incr.aof $bad]]
    lassign [aof_try_start $dir] outcome code log
    assert_equal {exit 1} [list $outcome $code] $log
    set offset [string length [aof_resp SELECT 0]]
    assert_match "*Bad file format reading the append only file appendonly.aof.1.incr.aof at offset $offset:*" $log
    file delete -force $dir
}

test "An unknown command stops start-up" {
    aof_assert_refused unknown [list appendonly.aof.1.incr.aof "$aof_one[aof_resp zzz x]"] \
        "*Unknown command 'zzz' reading the append only file appendonly.aof.1.incr.aof*"
}

test "A command with the wrong number of arguments stops start-up instead of running" {
    aof_assert_refused arity [list appendonly.aof.1.incr.aof "$aof_one[aof_resp set onlykey]"] \
        "*Bad file format reading the append only file appendonly.aof.1.incr.aof at offset [string length $aof_one]:*"
}

test "Huge lengths in a damaged file ask for no memory: a cut-off command, never a crash" {
    foreach tail [list "*3\r\n\$999999999999\r\n" "*2147483647\r\n\$3\r\nset\r\n" "*99999999999999999999\r\n"] {
        set dir [aof_make_dir huge [list appendonly.aof.1.incr.aof "$aof_good$tail"]]
        lassign [aof_try_start $dir] outcome code log
        assert {$outcome eq "started" || ($outcome eq "exit" && $code == 1)} "$outcome $code: $log"
        file delete -force $dir
    }
}

test "A cut-off file that is not the last stops start-up" {
    set dir [aof_make_dir notlast [list appendonly.aof.1.incr.aof [string range $aof_good 0 end-3] \
        appendonly.aof.2.incr.aof [aof_resp set z 1]]]
    lassign [aof_try_start $dir] outcome code log
    assert_equal {exit 1} [list $outcome $code] $log
    assert_match "*the truncated file appendonly.aof.1.incr.aof is not the last file*" $log
    file delete -force $dir
}

test "A file the manifest lists but that is missing stops start-up" {
    set dir [aof_make_dir missing [list appendonly.aof.1.incr.aof $aof_good] \
        "file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n"]
    lassign [aof_try_start $dir] outcome code log
    assert_equal {exit 1} [list $outcome $code] $log
    assert_match "*can't open the append only file appendonly.aof.1.base.aof listed in the manifest*" $log
    file delete -force $dir
}

test "A damaged manifest stops start-up, naming what is wrong" {
    foreach {manifest why} {
        "file a.aof seq 1 type b\nfile b.aof seq 2 type b\n" "Found duplicate base file information"
        "file a.aof seq 2 type i\nfile b.aof seq 1 type i\n" "Found a non-monotonic sequence number"
        "# nothing here\n" "Found an empty AOF manifest"
        "file dir/a.aof seq 1 type i\n" "Invalid AOF manifest file format"
        "file a.aof seq 1 type x\n" "Invalid AOF manifest file format"
        "file \"a.aof seq 1 type i\n" "Invalid AOF manifest file format"
    } {
        set dir [aof_make_dir manifest [list appendonly.aof.1.incr.aof $aof_good] $manifest]
        lassign [aof_try_start $dir] outcome code log
        assert_equal {exit 1} [list $outcome $code] $log
        assert_match "*FATAL AOF MANIFEST FILE ERROR*$why*" $log
        file delete -force $dir
    }
}

test "A manifest with comments, history lines and a quoted file name loads" {
    set dir [aof_make_dir quoted [list "my file.1.incr.aof" $aof_good] \
        "# written by hand\nfile \"my file.1.incr.aof\" seq 1 type i\nfile old.aof seq 1 type h\n"]
    lassign [aof_try_start $dir --appendfilename "my file"] outcome log
    assert_equal started $outcome $log
    file delete -force $dir
}

test "Random damage to an AOF never crashes the server: it loads or exits with status 1" {
    set data "$aof_good[aof_resp MULTI][aof_resp incrbyfloat f 1.5][aof_resp EXEC][aof_resp pexpireat a 1900000000000][aof_resp del b]"
    prng_seed 5
    for {set i 0} {$i < 30} {incr i} {
        set damaged $data
        for {set k [expr {1 + [prng_int 3]}]} {$k > 0} {incr k -1} {
            set pos [prng_int [string length $damaged]]
            switch [prng_int 3] {
                0 { set damaged [string replace $damaged $pos $pos [prng_bytes 1]] }
                1 { set damaged [string range $damaged 0 $pos] }
                2 { set damaged [string replace $damaged $pos $pos "[string index $damaged $pos][prng_bytes 3]"] }
            }
        }
        set dir [aof_make_dir fuzz [list appendonly.aof.1.incr.aof $damaged]]
        lassign [aof_try_start $dir] outcome code log
        assert {$outcome eq "started" || ($outcome eq "exit" && $code == 1)} "case $i: $outcome $code"
        file delete -force $dir
    }
}

start_server {overrides {appendonly yes appendfsync always}} {
    test "After a cut-off command is dropped, new writes follow the last whole command and survive" {
        r set a 1
        r set b 2
        restart_server term {
            set path [aof_incr_path]
            set data [read_file $path]
            aof_write_file $path [string range $data 0 end-2]
        }
        assert_equal {1 {}} [list [r get a] [r get b]]
        r set c 3
        restart_server
        assert_equal {1 {} 3} [list [r get a] [r get b] [r get c]]
    }

    test "Keys whose expiry passed while the server was down are gone after loading, and their DEL is written" {
        r set soon v PX 300
        r set later v
        r pexpire later 100000
        restart_server term {
            after 400
        }
        assert_equal 0 [r exists soon]
        assert_equal 1 [r exists later]
        assert {[lsearch -exact [aof_parse [read_file [aof_incr_path]]] {DEL soon}] >= 0}
    }

    test "A key whose expiry was extended before it passed is kept though the first expiry is past at load" {
        r set ext v PX 300
        r pexpire ext 100000
        restart_server term {
            after 400
        }
        assert_equal v [r get ext]
    }

    test "Loading runs no command twice and counts no errors: INFO after a restart" {
        r set e1 notanumber
        catch {r incr e1}
        restart_server
        assert_equal 0 [status r total_error_replies]
    }
}
