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

proc ::test::where {} {
    variable current_file
    if {$current_file eq ""} {
        return ""
    }
    return " in $current_file"
}

proc ::test::record_pass {name} {
    variable passed
    incr passed
    say "\[ok\] $name"
}

proc ::test::record_fail {name msg} {
    variable failed
    variable failures
    incr failed
    set line "\[err\] $name[where]: $msg"
    lappend failures $line
    say $line
}

proc ::test::record_skip {name why {show 1}} {
    variable skipped
    incr skipped
    if {$show} {
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
