import Testing
import TerminalKit
@testable import Dashboard
@testable import Simulation

@Suite("Key map and reducer")
struct KeyMapTests {
    private var model: DashboardModel { DashboardModel(size: Size(width: 100, height: 30)) }

    /// With the Workers focused, where no navigation key is routed elsewhere (see FocusTests).
    @Test func every_binding_triggers_its_action_from_the_main_screen() {
        var workersFocused = model
        workersFocused.setFocus(.workers)
        for binding in KeyMap.bindings where binding.action != .closeOverlay {
            for key in binding.keys {
                #expect(KeyMap.action(for: key, in: workersFocused) == binding.action, "\(key.label)")
            }
        }
    }

    @Test func no_key_is_bound_twice() {
        let keys = KeyMap.bindings.flatMap(\.keys)
        #expect(Set(keys).count == keys.count)
    }

    @Test func q_quits_with_status_zero() {
        var m = model
        let handled = m.handle(.character("q"))
        #expect(handled)
        #expect(m.exitStatus == 0)
    }

    @Test func question_mark_opens_help_and_esc_or_question_mark_closes_it() {
        var m = model
        m.handle(.character("?"))
        #expect(m.overlay == .help)
        m.handle(.escape)
        #expect(m.overlay == nil)
        m.handle(.function(1))
        #expect(m.overlay == .help)
        m.handle(.character("?"))
        #expect(m.overlay == nil)
    }

    @Test func keys_behind_the_help_overlay_do_nothing_except_quit() {
        var m = model
        m.handle(.character("?"))
        let spaceHandled = m.handle(.character(" "))
        #expect(!spaceHandled)
        #expect(!m.isPaused)
        let quitHandled = m.handle(.character("q"))
        #expect(quitHandled)
        #expect(m.exitStatus == 0)
    }

    @Test func space_toggles_pause() {
        var m = model
        m.handle(.character(" "))
        #expect(m.isPaused)
        m.handle(.character(" "))
        #expect(!m.isPaused)
    }

    @Test func unbound_keys_change_nothing() {
        var m = model
        let handled = m.handle(.character("Z"))
        #expect(!handled)
        #expect(m.exitStatus == nil && m.overlay == nil && !m.isPaused)
    }

    @Test func footer_shows_only_bindings_with_a_footer_word_and_help_is_one_of_them() {
        let footerKeys = KeyMap.bindings.compactMap { $0.footer == nil ? nil : $0.keys[0] }
        #expect(footerKeys.contains(.character("q")))
        #expect(footerKeys.contains(.character("?")))
    }
}

@Suite("Uptime clock")
struct UptimeClockTests {
    let start = ContinuousClock().now

    @Test func uptime_runs_with_time_and_stands_still_while_paused() {
        var clock = UptimeClock(start: start)
        #expect(clock.elapsed(at: start + .seconds(5)) == .seconds(5))
        clock.setPaused(true, at: start + .seconds(5))
        #expect(clock.elapsed(at: start + .seconds(50)) == .seconds(5))
        #expect(clock.nextSecondBoundary(after: start + .seconds(50)) == nil)
        clock.setPaused(false, at: start + .seconds(50))
        #expect(clock.elapsed(at: start + .seconds(52)) == .seconds(7))
    }

    @Test func the_next_wake_up_is_when_the_shown_second_changes() {
        let clock = UptimeClock(start: start)
        #expect(clock.nextSecondBoundary(after: start + .milliseconds(1250)) == start + .seconds(2))
        #expect(clock.nextSecondBoundary(after: start) == start + .seconds(1))
    }

    @Test func uptime_is_shown_as_hours_minutes_seconds() {
        #expect(HeaderBar.formatUptime(.seconds(0)) == "0:00:00")
        #expect(HeaderBar.formatUptime(.seconds(3_725)) == "1:02:05")
        #expect(HeaderBar.formatUptime(.milliseconds(59_999)) == "0:00:59")
    }
}
