import AsyncDemoCore
import TerminalKit
import Testing

@testable import Dashboard
@testable import Simulation

/// `?` while attached to a program: the help lists only the keys that act there and says in
/// its first line why the simulation's keys are gone.
@Suite("The help while attached")
struct AttachedHelpTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 200, height: 60)]

    private func helpModel(_ size: Size) -> DashboardModel {
        var model = AttachPaneTests.attachedModel(size: size)
        model.apply(.toggleHelp)
        return model
    }

    /// Every page of the help, top to bottom, as one string of words.
    private func allPages(_ model: DashboardModel) -> String {
        var model = model
        var seen = ""
        for _ in 0..<20 {
            seen += DashboardView.render(model, theme: .monochrome).textLines().joined(separator: "\n") + "\n"
            model.handle(.pageDown)
        }
        return seen.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test(arguments: sizes)
    func attached_help_golden(size: Size) throws {
        let model = helpModel(size)
        try GoldenFile.check(DashboardView.render(model, theme: .color).textLines().joined(separator: "\n"),
                             named: "help-attached-\(size.width)x\(size.height).txt")
    }

    @Test(arguments: sizes)
    func attached_help_lists_the_keys_that_act_and_none_of_the_simulations(size: Size) {
        let words = allPages(helpModel(size))
        #expect(HelpOverlay.lines(attachedTo: "shop").first == .note(DashboardModel.attachedHelpNote(program: "shop")))
        #expect(words.contains("Attached to shop: it runs its own code and clock"))
        for binding in KeyMap.allBindings {
            guard let sentence = binding.help else { continue }
            let listed = words.contains(sentence.split(separator: " ").joined(separator: " "))
            let acts = DashboardModel.actsWhileAttached(binding.action) && binding.section != .lessonMenu && binding.section != .replay
            #expect(listed == acts, "at \(size): \(sentence) listed \(listed), acts while attached \(acts)")
        }
        for gone in ["pause or resume the simulation", "one permit more / fewer", "spawn a job", "lesson menu"] {
            #expect(!words.contains(gone), "\(gone) is not listed while attached")
        }
        #expect(words.contains("cancel selected task + children"), "c asks the program, so it is listed")
    }

    @Test func every_key_the_attached_help_lists_is_not_refused_while_attached() {
        for line in HelpOverlay.lines(attachedTo: "shop") {
            guard case .entry(let keys, _) = line else { continue }
            guard let binding = KeyMap.allBindings.first(where: { $0.keyLabel == keys }) else { continue }
            var model = AttachPaneTests.attachedModel()
            model.apply(binding.action)
            #expect(model.footerNotice != DashboardModel.refusedWhileAttached, "\(keys) is listed yet refused")
        }
    }

    @Test func r_asks_for_a_reattach_only_once_a_program_of_the_name_started_again() {
        var model = AttachPaneTests.attachedModel()
        #expect(model.update(.key(.character("r"))).isEmpty)
        #expect(model.footerNotice == DashboardModel.nothingToReattach)
        var ended = model.attachment!
        ended.ended = "the program exited"
        _ = model.update(.attachment(ended))
        _ = model.update(.successorStarted(pid: 5151))
        _ = model.update(.attachment(ended))
        #expect(model.attachment?.reattachOffer == "shop started again (pid 5151): r reattaches", "the stream's next word keeps the offer")
        let footer = DashboardView.render(model, theme: .monochrome).textLines().last ?? ""
        #expect(footer.contains("shop started again (pid 5151): r reattaches"), "footer: \(footer)")
        #expect(model.update(.key(.character("r"))) == [.reattach])
        _ = model.update(.reattachFailed("pid 5151 refused"))
        #expect(model.attachment?.successorPid == nil && model.footerNotice == "pid 5151 refused")
    }

    @Test func the_simulations_help_is_unchanged_by_the_attach_filter() {
        let plain = HelpOverlay.lines()
        #expect(!plain.contains { if case .note = $0 { true } else { false } })
        #expect(plain.contains(.entry(keys: "Space", help: "pause or resume the simulation")))
    }
}
