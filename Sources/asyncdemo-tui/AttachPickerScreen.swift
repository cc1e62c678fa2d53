import CursesBackend
import Dashboard
import ProbeClient
import TerminalKit

/// The picker (`AttachPicker`) on the terminal the dashboard then uses: drawn at each key and
/// resize until Enter picks a program or q / Esc picks none.
@MainActor
enum AttachPickerScreen {
    enum Choice {
        case program(AttachableProgram)
        /// q or Esc (status 0), or a signal (its status).
        case none(status: Int32)
    }

    static func pick(from programs: [AttachableProgram], on terminal: CursesTerminal, theme: Theme) async -> Choice {
        var picker = AttachPicker(programs: programs.map {
            AttachPicker.Program(pid: $0.pid, name: Attachment.displayName($0.program), since: AttachCommand.since($0.since))
        })
        var size = terminal.size
        var previous: ScreenBuffer?
        func draw() {
            let screen = picker.render(size: size, theme: theme)
            terminal.present(BufferDiff.runs(from: previous, to: screen))
            previous = screen
        }
        draw()
        for await event in terminal.events {
            switch event {
            case .key(let key): picker.press(key)
            case .resize(let new):
                size = new
                previous = nil
            case .signal(.suspend):
                terminal.suspendToShell()
                previous = nil
            case .signal(let signal): return .none(status: signal.exitStatus)
            case .mouse: break
            }
            switch picker.outcome {
            case .attach(let pid):
                if let program = programs.first(where: { $0.pid == pid }) { return .program(program) }
                return .none(status: 0)
            case .cancelled: return .none(status: 0)
            case .undecided: draw()
            }
        }
        return .none(status: 0)
    }
}
