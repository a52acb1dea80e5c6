# Test runner and assertions: owns the pass/fail/skip counters, tag
# filtering and the per-test report lines.
#
#   test "SET with NX on an existing key returns nil" { ... } ?tags?
#   tags {slow} { test ... }          ;# tags apply to every test inside
#   assert_equal EXPECTED ACTUAL      ;# expected value first
#   assert_match PATTERN ACTUAL       ;# glob
#   assert_error PATTERN SCRIPT       ;# SCRIPT must raise an error matching PATTERN
#   wait_for_condition MAXTRIES DELAY_MS {expr} else {fail "why"}
#   skip "reason"                     ;# inside a test: report it as skipped
#
# Tag selection: --tags -slow excludes tests tagged slow, --tags slow runs only
# tests tagged slow. A test carries its own tags plus those of every
# enclosing `tags` block and start_server.
#
# Name selection: --only PATTERN (a glob, case-insensitive, may be given
# more than once) runs only the tests whose name matches one; the others are
# not run and not reported at all. So that one test does not start every
# server of the suite, the text of a file, and of each start_server body, is
# read first for the names of its tests (::test::script_selection): a file
# with no test that could match is not sourced, and a start_server block
# whose tests all cannot match is not started. A name with a variable in it
# could match (unless the variable is set when start_server runs and the
# block does not assign it; then its value is used), and a block with no
# test at all still runs: it may prepare what a later test uses. A test must
# therefore be written as a `test` command in the text of its file (as every
# test is), not made by a proc of another file.

namespace eval ::test {
    variable passed 0
    variable failed 0
    variable skipped 0
    variable failures {}
    variable tags_stack {}
    variable include_tags {}
    variable exclude_tags {}
    variable verbose 0
    variable current_file {}
    variable only {}
    variable pending_header {}
    # How many tests (or test programs) --only selected.
    variable matched 0
}

proc ::test::say {line} {
    puts $line
    flush stdout
}

proc ::test::current_tags {} {
    variable tags_stack
    return [concat {*}$tags_stack]
}

# Why a set of tags is excluded by the --tags options, or "" if it is not.
proc ::test::excluded_by {tags} {
    variable exclude_tags
    foreach t $tags {
        if {$t in $exclude_tags} {
            return "tag $t"
        }
    }
    return ""
}

proc ::test::selected {tags} {
    variable include_tags
    if {[excluded_by $tags] ne ""} {
        return 0
    }
    if {[llength $include_tags] == 0} {
        return 1
    }
    foreach t $tags {
        if {$t in $include_tags} {
            return 1
        }
    }
    return 0
}

# Whether --only selects a test of this name (it does if there is no --only).
proc ::test::name_selected {name} {
    variable only
    if {[llength $only] == 0} {
        return 1
    }
    foreach pattern $only {
        if {[string match -nocase $pattern $name]} {
            variable matched
            incr matched
            return 1
        }
    }
    return 0
}

# The names of the test commands in a script's text, each {literal NAME} or
# {dynamic RAW}: RAW is the name as written, with a variable or a command in
# it. A line that starts a command with `test` counts, whatever it is inside
# (a proc, a loop, a string): reading too many names only runs more.
proc ::test::names_in {script} {
    set names {}
    foreach {- rest} [regexp -all -inline -line {(?:^|[;\{\[])[ \t]*test[ \t]+(.*)$} $script] {
        if {[regexp {^"((?:[^"\\]|\\.)*)"} $rest -> raw]} {
            if {[regexp {(?:^|[^\\])(?:\\\\)*[$\[]} $raw]} {
                lappend names [list dynamic $raw]
            } else {
                lappend names [list literal [subst -nocommands -novariables $raw]]
            }
        } elseif {[regexp {^\{([^\{\}\\]*)\}} $rest -> raw]} {
            lappend names [list literal $raw]
        } elseif {[regexp {^([^\s;"\{\[$\\]+)(?:\s|;|$)} $rest -> raw]} {
            lappend names [list literal $raw]
        } else {
            # $name, a name over more lines, anything else: could be anything.
            lappend names [list dynamic $rest]
        }
    }
    return $names
}

# A dynamic name's value as seen from a stack level, if it can be known
# before the script runs: only variables (no command), each set at that
# level and not assigned (or even named without a $) in the script.
# Returns {literal NAME} or {dynamic RAW}.
proc ::test::resolve_name {raw script level} {
    set unknown [list dynamic $raw]
    # A command, or an array element: not known before the script runs.
    if {[regexp {(?:^|[^\\])(?:\\\\)*\[} $raw] || [regexp {\$\{?[A-Za-z0-9_:]+\(} $raw]} {
        return $unknown
    }
    foreach {- var} [regexp -all -inline {\$\{?([A-Za-z0-9_:]+)} $raw] {
        if {![uplevel $level [list info exists $var]]
                || [uplevel $level [list array exists $var]]
                || [regexp "(?:^|\[^\$\\w:\])${var}\\M" $script]} {
            return $unknown
        }
    }
    if {[catch {uplevel $level [list subst -nocommands $raw]} name]} {
        return $unknown
    }
    return [list literal $name]
}

# What --only makes of a script (a file, a start_server body): "all" with
# no --only, "none" if it holds no test, "selected" if one of its tests
# could be selected, "unselected" if none can. level, if given, is the
# stack level the script will run at, for resolve_name.
proc ::test::script_selection {script {level ""}} {
    variable only
    if {[llength $only] == 0} {
        return all
    }
    set names [names_in $script]
    if {[llength $names] == 0} {
        return none
    }
    foreach entry $names {
        lassign $entry kind text
        if {$kind eq "dynamic" && $level ne ""} {
            lassign [resolve_name $text $script $level] kind text
        }
        if {$kind eq "dynamic" || [name_selected $text]} {
            return selected
        }
    }
    return unselected
}

proc ::test::where {} {
    variable current_file
    if {$current_file eq ""} {
        return ""
    }
    return " in $current_file"
}

# A file's "=== name" line. With --only it waits for the file's first
# result, so that files which report nothing do not show.
proc ::test::header {line} {
    variable only
    variable pending_header
    if {[llength $only]} {
        set pending_header $line
    } else {
        say $line
    }
}

proc ::test::flush_header {} {
    variable pending_header
    if {$pending_header ne ""} {
        say $pending_header
        set pending_header {}
    }
}

proc ::test::record_pass {name} {
    variable passed
    flush_header
    incr passed
    say "\[ok\] $name"
}

proc ::test::record_fail {name msg} {
    variable failed
    variable failures
    flush_header
    incr failed
    set line "\[err\] $name[where]: $msg"
    lappend failures $line
    say $line
}

proc ::test::record_skip {name why {show 1}} {
    variable skipped
    incr skipped
    if {$show} {
        flush_header
        say "\[skip\] $name ($why)"
    }
}

proc tags {tags body} {
    lappend ::test::tags_stack $tags
    try {
        uplevel 1 $body
    } finally {
        set ::test::tags_stack [lrange $::test::tags_stack 0 end-1]
    }
}

proc test {name body {tags {}}} {
    if {![::test::name_selected $name]} {
        return
    }
    set all [concat [::test::current_tags] $tags]
    if {![::test::selected $all]} {
        set why [::test::excluded_by $all]
        if {$why eq ""} {
            set why "not selected by --tags"
        }
        ::test::record_skip $name $why $::test::verbose
        return
    }
    set code [catch {uplevel 1 $body} msg opts]
    set kind ""
    if {$code == 1} {
        set kind [lindex [dict get $opts -errorcode] 0]
    }
    if {$code != 1} {
        ::test::record_pass $name
    } elseif {$kind eq "SKIP"} {
        ::test::record_skip $name $msg
    } elseif {$kind eq "ASSERTION"} {
        ::test::record_fail $name $msg
    } else {
        if {$::test::verbose} {
            append msg "\n[dict get $opts -errorinfo]"
        }
        ::test::record_fail $name "exception: $msg"
    }
    ::server::check_alive_after_test $name
}

proc fail {msg} {
    return -code error -errorcode ASSERTION $msg
}

proc skip {reason} {
    return -code error -errorcode SKIP $reason
}

proc ::test::show {value} {
    if {[string length $value] > 200} {
        return "'[string range $value 0 199]...' ([string length $value] bytes)"
    }
    return '$value'
}

proc assert_equal {expected actual {detail ""}} {
    if {$expected ne $actual} {
        set msg "expected [::test::show $expected] got [::test::show $actual]"
        if {$detail ne ""} {
            append msg " ($detail)"
        }
        return -code error -errorcode ASSERTION $msg
    }
}

proc assert_match {pattern actual {detail ""}} {
    if {![string match $pattern $actual]} {
        set msg "expected match of [::test::show $pattern] got [::test::show $actual]"
        if {$detail ne ""} {
            append msg " ($detail)"
        }
        return -code error -errorcode ASSERTION $msg
    }
}

proc assert_range {value min max} {
    if {![string is double -strict $value] || $value < $min || $value > $max} {
        return -code error -errorcode ASSERTION \
            "expected a value in \[$min, $max\] got [::test::show $value]"
    }
}

proc assert {condition {detail ""}} {
    if {![uplevel 1 [list expr $condition]]} {
        set msg "expected condition to hold: $condition"
        if {$detail ne ""} {
            append msg " ($detail)"
        }
        return -code error -errorcode ASSERTION $msg
    }
}

proc assert_error {pattern script} {
    if {[catch {uplevel 1 $script} msg]} {
        if {![string match $pattern $msg]} {
            return -code error -errorcode ASSERTION \
                "expected error [::test::show $pattern] got [::test::show $msg]"
        }
        return
    }
    return -code error -errorcode ASSERTION \
        "expected error [::test::show $pattern] got no error (reply [::test::show $msg])"
}

# Asserts that the server closes the connection within ms milliseconds.
proc assert_closed {client {ms 10000}} {
    if {![$client wait_closed $ms]} {
        return -code error -errorcode ASSERTION \
            "expected the server to close the connection within ${ms}ms"
    }
}

# Polls a condition (evaluated in the caller) up to maxtries times, delay_ms
# apart; runs else_script in the caller if it never holds.
proc wait_for_condition {maxtries delay_ms condition else_kw else_script} {
    if {$else_kw ne "else"} {
        error "wait_for_condition: expected 'else', got '$else_kw'"
    }
    for {set i 0} {$i < $maxtries} {incr i} {
        if {[uplevel 1 [list expr $condition]]} {
            return
        }
        after $delay_ms
    }
    uplevel 1 $else_script
}
