# Test suite entry point: runs the tcl integration files, then the layering
# check of src/ (tests/layering.tcl, one result per rule), the C unit test
# programs, the hiredis test programs and the client library tests of
# tests/clients/, and prints a summary whose last line is "N passed, N failed".
# Exit status 0 only if nothing failed.
#
# tclsh tests/run.tcl [--server PATH] [--file NAME]... [--tags TAG|-TAG]...
#                     [--only PATTERN]... [--verbose] [--unit-dir DIR]
#                     [--hiredis-dir DIR]
#
# --only PATTERN runs only the tests whose name matches the glob PATTERN
# (* ? [...], case-insensitive; given more than once, a test runs if it
# matches any): tcl tests, the layering rules, and the tests inside the unit,
# hiredis and client programs, by the name each prints after "ok - " (e.g.
# --only "sds: *", --only "*SET with NX*"). The others are not run and not
# reported. Files, server blocks and programs without a selected test are
# not started: a program is first asked for its names with --list, then
# run with the same --only patterns. `make test TEST_ARGS='--only "*NX*"'`
# passes it through make.

set tests_dir [file dirname [file normalize [info script]]]
set repo_dir [file dirname $tests_dir]

foreach part {test client server util aof} {
    source [file join $tests_dir harness $part.tcl]
}
source [file join $tests_dir clients programs.tcl]
source [file join $tests_dir layering.tcl]

proc usage {} {
    puts stderr "usage: tclsh tests/run.tcl \[--server PATH\] \[--file NAME\]...\
        \[--tags TAG|-TAG\]... \[--only PATTERN\]... \[--verbose\] \[--unit-dir DIR\]\
        \[--hiredis-dir DIR\]"
    puts "0 passed, 1 failed"
    exit 2
}

proc parse_args {argv} {
    global tests_dir repo_dir
    set opts [dict create files {} unit_dir [file join $tests_dir unit bin] \
        hiredis_dir [file join $tests_dir hiredis bin]]
    if {[info exists ::env(REDIS_MINI_SERVER)] && $::env(REDIS_MINI_SERVER) ne ""} {
        dict set opts server $::env(REDIS_MINI_SERVER)
    } else {
        dict set opts server [file join $repo_dir src redis-mini-server]
    }
    for {set i 0} {$i < [llength $argv]} {incr i} {
        set arg [lindex $argv $i]
        set value [lindex $argv [expr {$i + 1}]]
        switch -exact -- $arg {
            --server      { dict set opts server $value; incr i }
            --file        { dict lappend opts files $value; incr i }
            --unit-dir    { dict set opts unit_dir $value; incr i }
            --hiredis-dir { dict set opts hiredis_dir $value; incr i }
            --only        { lappend ::test::only $value; incr i }
            --verbose     { set ::test::verbose 1 }
            --tags {
                foreach tag $value {
                    if {[string index $tag 0] eq "-"} {
                        lappend ::test::exclude_tags [string range $tag 1 end]
                    } else {
                        lappend ::test::include_tags $tag
                    }
                }
                incr i
            }
            default { usage }
        }
        if {$i >= [llength $argv] && $arg ne "--verbose"} {
            usage
        }
    }
    return $opts
}

proc run_tcl_file {path} {
    if {[llength $::test::only]} {
        set f [open $path r]
        set text [read $f]
        close $f
        if {[::test::script_selection $text] in {none unselected}} {
            if {$::test::verbose} {
                ::test::say "=== [file tail $path]: no test selected by --only"
            }
            return
        }
    }
    set ::test::current_file [file join tests integration [file tail $path]]
    ::test::header "=== [file tail $path]"
    if {[catch {uplevel #0 [list source $path]} msg opts]} {
        set detail $msg
        if {$::test::verbose} {
            set detail [dict get $opts -errorinfo]
        }
        ::test::record_fail "file aborted" "tcl error outside a test: $detail"
    }
    set ::test::tags_stack {}
    set ::test::current_file {}
    set ::test::pending_header {}
}

# The --only options to pass on to a test program.
proc only_args {} {
    set args {}
    foreach pattern $::test::only {
        lappend args --only $pattern
    }
    return $args
}

# Whether a test program has a test --only selects: it is asked with --list
# (which runs no test and needs no server). A program that cannot answer is
# run anyway, so that its failure is reported.
proc program_selected {argv} {
    if {[llength $::test::only] == 0} {
        return 1
    }
    lassign [run_program 120 [concat $argv [list --list] [only_args]]] code output
    if {$code ne "0"} {
        return 1
    }
    foreach line [split $output "\n"] {
        if {[string trim $line] ne "" && [string index $line 0] ne "#"} {
            incr ::test::matched
            return 1
        }
    }
    return 0
}

# Runs one test program and counts its TAP-style lines ("ok - NAME",
# "ok - NAME # SKIP WHY", "not ok - NAME: WHY"). With --only, the program
# gets the same patterns and runs only the tests they select.
proc run_c_program {label argv} {
    set argv [concat $argv [only_args]]
    set cmd $argv
    if {[find_tool timeout] ne ""} {
        set cmd [concat [list timeout 900] $argv]
    }
    set fh [open |[concat $cmd [list 2>@1]] r]
    set failures 0
    set other {}
    while {[gets $fh line] >= 0} {
        if {[regexp {^ok - (.*) # SKIP (.*)$} $line -> name why]} {
            ::test::record_skip "$label: $name" $why
        } elseif {[regexp {^ok - (.*)$} $line -> name]} {
            ::test::record_pass "$label: $name"
        } elseif {[regexp {^not ok - (.*)$} $line -> detail]} {
            # Names may contain ": " themselves, so the name and the reason
            # are reported together, as the program printed them.
            ::test::record_fail "$label" $detail
            incr failures
        } else {
            lappend other $line
            if {$::test::verbose} {
                ::test::say "    $line"
            }
        }
    }
    if {[catch {close $fh} msg opts] && $failures == 0} {
        set code [dict get $opts -errorcode]
        switch -exact -- [lindex $code 0] {
            CHILDSTATUS { set why "exit status [lindex $code 2]" }
            CHILDKILLED { set why "killed by [lindex $code 2]" }
            default     { set why $msg }
        }
        if {[llength $other] && !$::test::verbose} {
            append why "; last lines of its output:\n" [join [lrange $other end-9 end] "\n"]
        }
        ::test::record_fail $label $why
    }
}

proc executables_in {dir} {
    set found {}
    foreach path [lsort [glob -nocomplain -type f -directory $dir *]] {
        if {[file executable $path]} {
            lappend found $path
        }
    }
    return $found
}

proc run_unit_programs {dir} {
    foreach prog [executables_in $dir] {
        if {![program_selected [list $prog]]} {
            continue
        }
        set ::test::current_file $prog
        ::test::say "=== unit: [file tail $prog]"
        run_c_program [file tail $prog] [list $prog]
    }
    set ::test::current_file {}
}

proc run_hiredis_programs {dir} {
    foreach prog [executables_in $dir] {
        if {![program_selected [list $prog]]} {
            continue
        }
        set ::test::current_file $prog
        ::test::say "=== hiredis: [file tail $prog]"
        if {[catch {
            start_server {} {
                run_c_program [file tail $prog] \
                    [list $prog --host [srv host] --port [srv port]]
            }
        } msg]} {
            ::test::record_fail [file tail $prog] $msg
        }
    }
    set ::test::current_file {}
}

proc run_client_programs {} {
    foreach {label argv} [client_programs] {
        if {![program_selected $argv]} {
            continue
        }
        set ::test::current_file [lindex $argv end]
        ::test::say "=== clients: $label"
        if {[catch {
            start_server {} {
                set server_args [list --host [srv host] --port [srv port]]
                if {[::server::is_redis]} {
                    lappend server_args --redis
                }
                run_c_program $label [concat $argv $server_args]
            }
        } msg]} {
            ::test::record_fail $label $msg
        }
    }
    set ::test::current_file {}
}

# The rules of tests/layering.tcl on src/, one result each; any failure is
# shown in full.
proc run_layering_check {} {
    set selected 0
    dict for {key name} $::layering::rule_names {
        if {[::test::name_selected $name]} {
            set selected 1
        }
    }
    if {!$selected} {
        return
    }
    # The messages name the files; no "in FILE" after the rule.
    set ::test::current_file {}
    ::test::say "=== layering: tests/layering.tcl"
    if {[catch {::layering::check} results]} {
        ::test::record_fail "layering check" "tcl error: $results"
        set ::test::current_file {}
        return
    }
    foreach result $results {
        lassign $result key name passed failures
        if {![::test::name_selected $name]} {
            continue
        }
        if {$passed} {
            ::test::record_pass $name
        } else {
            # The first line (repeated in the summary's list of failures)
            # names the first violation; the others follow, one a line.
            set n [llength $failures]
            set msg "$n violation[expr {$n == 1 ? {} : {s}}]: [lindex $failures 0]"
            foreach more [lrange $failures 1 end] {
                append msg "\n    $more"
            }
            ::test::record_fail $name $msg
        }
    }
    set ::test::current_file {}
}

proc integration_files {names} {
    global tests_dir
    set dir [file join $tests_dir integration]
    if {[llength $names] == 0} {
        return [lsort [glob -nocomplain -directory $dir *.tcl]]
    }
    set paths {}
    foreach name $names {
        set path [file join $dir $name.tcl]
        if {![file exists $path]} {
            ::test::record_fail "--file $name" "no such file $path"
            continue
        }
        lappend paths $path
    }
    return $paths
}

proc main {argv} {
    set opts [parse_args $argv]
    set ::server::binary [file normalize [dict get $opts server]]
    set have_server [file executable $::server::binary]
    set all [expr {[llength [dict get $opts files]] == 0}]
    if {!$have_server} {
        ::test::record_fail "server binary" "not an executable: $::server::binary"
    } else {
        if {[::server::is_redis]} {
            lappend ::test::exclude_tags mini-only
            ::test::say "note: testing redis-server: tests tagged mini-only are skipped"
        }
        foreach path [integration_files [dict get $opts files]] {
            run_tcl_file $path
        }
    }
    if {$all} {
        run_layering_check
        run_unit_programs [dict get $opts unit_dir]
        if {$have_server} {
            run_hiredis_programs [dict get $opts hiredis_dir]
            run_client_programs
        }
    }
    if {[llength $::test::only] && $::test::matched == 0} {
        ::test::record_fail "--only [join $::test::only { --only }]" "no test has a matching name"
    }
    if {[llength $::test::failures]} {
        ::test::say "\nFailures:"
        foreach line $::test::failures {
            ::test::say [lindex [split $line "\n"] 0]
        }
    }
    if {$::test::skipped} {
        ::test::say "$::test::skipped skipped"
    }
    ::test::say "$::test::passed passed, $::test::failed failed"
    exit [expr {$::test::failed == 0 ? 0 : 1}]
}

main $argv
