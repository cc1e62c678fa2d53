import AsyncDemoCore
import TerminalKit
import Testing
import TestSupport

@testable import Dashboard
@testable import Simulation

/// The dashboard fed a probe's stream by hand: the events a probed program sends (a semaphore
/// granting and queueing, a queue filling and blocking, a span, a tracked task, a log line)
/// folded as an attach folds them, and the screen drawn from that.
@Suite("The attached dashboard")
struct AttachPaneTests {
    static let worker1 = TaskID(rawValue: 1), worker2 = TaskID(rawValue: 2), worker3 = TaskID(rawValue: 3)
    static let span = TaskID(rawValue: 4), waiter = TaskID(rawValue: 5), producer = TaskID(rawValue: 6)

    /// The stream of a program with a semaphore "db" of 2 permits held by two workers while a
    /// third waits, a queue "jobs" of 2 that is full with its producer blocked, a request span,
    /// a tracked task, and a log line. Sequence 9 is missing: an event the probe dropped.
    static func events() -> [SimulationEvent] {
        var kinds: [(SimulationEvent.Kind, String?)] = [
            (.permitsResized(permits: 2), "db"), (.queueResized(capacity: 2), "jobs"),
            (.taskSpawned(task: worker1, name: "worker-1", kind: "task", parent: nil), nil),
            (.taskSpawned(task: worker2, name: "worker-2", kind: "task", parent: nil), nil),
            (.taskSpawned(task: worker3, name: "worker-3", kind: "task", parent: nil), nil),
            (.taskSpawned(task: span, name: "GET /orders", kind: "span.server", parent: nil), nil),
            (.taskSpawned(task: waiter, name: "waiter", kind: "task", parent: nil), nil),
            (.taskSpawned(task: producer, name: "producer", kind: "task", parent: nil), nil),
        ]
        for task in [worker1, worker2, worker3, span, waiter, producer] { kinds.append((.taskStateChanged(task: task, state: .running), nil)) }
        kinds += [
            (.permitRequested(task: worker1), "db"), (.permitGranted(task: worker1, waitedNanoseconds: 0), "db"),
            (.permitRequested(task: worker2), "db"), (.permitGranted(task: worker2, waitedNanoseconds: 0), "db"),
            (.permitRequested(task: worker3), "db"), (.taskStateChanged(task: worker3, state: .waiting(.semaphore)), nil),
            (.itemEnqueued(item: 1, producer: producer, depth: 1), "jobs"),
            (.itemEnqueued(item: 2, producer: producer, depth: 2), "jobs"),
            (.producerBlocked(task: producer), "jobs"), (.taskStateChanged(task: producer, state: .waiting(.queueFull)), nil),
            (.logLine(level: "info", message: "GET /orders: still serving"), nil),
        ]
        var sequence: UInt64 = 0
        return kinds.enumerated().map { index, entry in
            sequence += index == 8 ? 2 : 1
            return SimulationEvent(sequence: sequence, at: .start + .milliseconds(Int64(index * 10)), kind: entry.0, resource: entry.1)
        }
    }

    static func attachedModel(size: Size = Size(width: 120, height: 36)) -> DashboardModel {
        var fold = AttachFold(program: "shop", pid: 4242)
        for event in events() { fold.apply(event) }
        let (frame, attachment) = fold.frame(at: .start + .seconds(2), droppedEvents: 1)
        var model = DashboardModel(size: size)
        model.attachment = attachment
        model.timeline.isShown = true
        _ = model.update(.frame(frame))
        return model
    }

    static func screen(_ model: DashboardModel) -> String {
        DashboardView.render(model, theme: .monochrome).textLines().joined(separator: "\n")
    }

    @Test func test_resources_pane_shows_each_semaphore_with_holders_and_its_line_and_each_queue_with_depth() {
        let screen = Self.screen(Self.attachedModel())
        #expect(screen.contains("Resources"))
        #expect(screen.contains("2/2 held, 1 waiting"))
        #expect(screen.contains("holders worker-1#1, worker-2#2"))
        #expect(screen.contains("line    worker-3#3"))
        #expect(screen.contains("depth 2/2"))
        #expect(screen.contains("1 sender blocked"))
        #expect(!screen.contains("Workers"))
        let footer = screen.split(separator: "\n").last.map(String.init) ?? ""
        #expect(footer.contains("cancel") && !footer.contains("spawn") && !footer.contains("permits"), "footer: \(footer)")
    }

    @Test func test_tasks_log_header_show_the_program_its_spans_and_the_dropped_events() {
        let screen = Self.screen(Self.attachedModel())
        for name in ["GET /orders", "waiter", "worker-3", "producer"] { #expect(screen.contains(name), "task \(name)") }
        #expect(screen.contains("still serving"))
        #expect(screen.contains("attached to shop pid 4242"))
        #expect(screen.contains("ATTACHED"))
        #expect(screen.contains("1 events dropped"))
    }

    @Test func test_an_ended_stream_says_the_program_exited_and_keeps_the_last_state() {
        var fold = AttachFold(program: "shop", pid: 4242)
        for event in Self.events() { fold.apply(event) }
        fold.end("the program exited", at: .start + .seconds(1))
        let (frame, attachment) = fold.frame(at: .start + .seconds(60), droppedEvents: 0)
        #expect(frame.instant == .start + .seconds(1))
        var model = DashboardModel(size: Size(width: 120, height: 36))
        model.attachment = attachment
        _ = model.update(.frame(frame))
        let screen = Self.screen(model)
        #expect(screen.contains("shop pid 4242 exited"))
        #expect(screen.contains("EXITED"))
        #expect(screen.contains("holders worker-1#1, worker-2#2"))
    }

    @Test func test_simulation_keys_are_refused_with_a_word_in_the_footer() {
        var model = Self.attachedModel()
        for key in ["s", "+", "w", " ", "R"] {
            let effects = model.update(.key(.character(Character(key))))
            #expect(effects.isEmpty, "key \(key)")
            #expect(model.footerNotice == DashboardModel.refusedWhileAttached, "key \(key)")
            #expect(Self.screen(model).contains("attached: the program runs"), "key \(key)")
        }
    }

    @Test func test_cancel_on_a_tracked_task_asks_the_program_and_on_a_span_says_why_not() {
        var model = Self.attachedModel()
        model.taskView.selected = Self.waiter
        #expect(model.update(.key(.character("c"))) == [.perform(.cancel(Self.waiter))])
        model.taskView.selected = Self.span
        #expect(model.update(.key(.character("c"))).isEmpty)
        #expect(model.footerNotice == DashboardModel.spanCannotBeCancelled)
        _ = model.update(.key(.enter))
        #expect(Self.screen(model).contains("parent: none (top level)"))
        #expect(model.update(.key(.character("c"))).isEmpty)
        let footer = Self.screen(model).split(separator: "\n").last.map(String.init) ?? ""
        #expect(footer.contains("a span ends when its code ends it"), "the detail's footer: \(footer)")
    }

    @Test func test_a_gap_in_the_stream_is_stepped_over_not_a_stop() {
        var fold = AttachFold(program: "shop", pid: 1)
        for event in Self.events() { fold.apply(event) }
        let (frame, _) = fold.frame(at: .start + .seconds(2), droppedEvents: 1)
        #expect(frame.sequence == Self.events().last?.sequence)
        #expect(frame.tasks.liveCount == 6)
    }

    @Test func test_a_present_told_again_after_lost_events_replaces_the_resources_and_ends_tasks_not_told() throws {
        // Given the stream above, then events lost, then the present told again: worker-2 still
        // holds, a task spawned unseen holds the other permit, the waiter waits, the queue is empty
        var fold = AttachFold(program: "shop", pid: 1)
        let before = Self.events()
        for event in before { fold.apply(event) }
        let unseen = TaskID(rawValue: 9)
        let told: [(SimulationEvent.Kind, String?)] = [
            (.taskSpawned(task: Self.worker2, name: "worker-2", kind: "task", parent: nil), nil),
            (.taskStateChanged(task: Self.worker2, state: .running), nil),
            (.taskSpawned(task: Self.waiter, name: "waiter", kind: "task", parent: nil), nil),
            (.taskStateChanged(task: Self.waiter, state: .waiting(.semaphore)), "db"),
            (.taskSpawned(task: unseen, name: "worker-9", kind: "task", parent: nil), nil),
            (.taskStateChanged(task: unseen, state: .running), nil),
            (.permitsResized(permits: 2), "db"),
            (.permitRequested(task: Self.worker2), "db"), (.permitGranted(task: Self.worker2, waitedNanoseconds: 0), "db"),
            (.permitRequested(task: unseen), "db"), (.permitGranted(task: unseen, waitedNanoseconds: 5_000_000), "db"),
            (.permitRequested(task: Self.waiter), "db"),
            (.queueResized(capacity: 2), "jobs"), (.queueSampled(depth: 0, sent: 0, received: 0), "jobs"),
        ]
        let marker = try #require(before.last).sequence + 40
        let retold = [SimulationEvent(sequence: marker, at: .start + .seconds(3), kind: .presentRetold(events: told.count))]
            + told.enumerated().map { index, entry in
                SimulationEvent(sequence: marker + UInt64(index + 1), at: .start + .seconds(3), kind: entry.0, resource: entry.1)
            }
        // When it is folded (the last told event is checked to end the present's telling)
        for event in retold.dropLast() { fold.apply(event) }
        let (during, _) = fold.frame(at: .start + .seconds(3), droppedEvents: 39)
        #expect(during.tasks.liveTask(Self.worker1) != nil, "a task was ended before the present was told whole")
        fold.apply(try #require(retold.last))
        let frame = fold.frame(at: .start + .seconds(3), droppedEvents: 39).0
        // Then the resources are the present's alone
        let db = try #require(frame.resources.semaphores.first { $0.name == "db" }).semaphore
        #expect(db.holders == [Self.worker2, unseen])
        #expect(db.waiters.map(\.owner) == [Self.waiter])
        let jobs = try #require(frame.resources.queues.first { $0.name == "jobs" })
        #expect((jobs.depth, jobs.queue.blockedSenders) == (0, 0))
        // And the tasks told go on as they were, the new one appears, the rest ended unseen
        #expect(Set(frame.tasks.live.map(\.id)) == [Self.worker2, Self.waiter, unseen])
        #expect(frame.tasks.liveTask(Self.worker2)?.createdAt == before[3].at)
        #expect(frame.tasks.liveTask(Self.waiter)?.state == .waiting(.semaphore))
        // Told the state it was in, a task keeps its time in it
        #expect(frame.tasks.liveTask(Self.worker2)?.stateSince == during.tasks.liveTask(Self.worker2)?.stateSince)
        #expect(frame.tasks.liveTask(Self.worker2)?.stateSince ?? .start < .start + .seconds(1))
        #expect(frame.tasks.counters.spawned == 7)
        #expect(frame.history.lanes[Self.worker1] == nil && frame.history.lanes[Self.worker2] != nil)
        // A holder told again is not a second grant in the wait figures
        #expect(frame.history.permitWaits.count == 2)
    }

    @Test func test_each_named_semaphore_keeps_its_own_holders_and_line() {
        var fold = ResourcesFold()
        let kinds: [(SimulationEvent.Kind, String)] = [
            (.permitsResized(permits: 1), "db"), (.permitsResized(permits: 3), "cache"),
            (.permitRequested(task: Self.worker1), "db"), (.permitGranted(task: Self.worker1, waitedNanoseconds: 0), "db"),
            (.permitRequested(task: Self.worker2), "db"),
            (.permitRequested(task: Self.worker3), "cache"), (.permitGranted(task: Self.worker3, waitedNanoseconds: 0), "cache"),
            (.permitReleased(task: Self.worker3), "cache"),
        ]
        for (index, (kind, resource)) in kinds.enumerated() {
            fold.apply(SimulationEvent(sequence: UInt64(index + 1), at: .start, kind: kind, resource: resource))
        }
        let snapshot = fold.snapshot(at: .start)
        #expect(snapshot.semaphores.map(\.name) == ["cache", "db"])
        let cache = snapshot.semaphores[0].semaphore, db = snapshot.semaphores[1].semaphore
        #expect((db.permits, db.holders, db.waiters.map(\.owner)) == (1, [Self.worker1], [Self.worker2]))
        #expect((cache.permits, cache.holders, cache.waiterCount) == (3, [], 0))
    }

    @Test func test_the_feed_says_the_program_exited_when_its_stream_ends_and_why_when_it_breaks() async {
        struct Broken: Error, CustomStringConvertible { var description: String { "line 3 of the stream is not an event" } }
        for failure in [nil, Broken()] as [Broken?] {
            let (events, sink) = AsyncThrowingStream.makeStream(of: SimulationEvent.self, throwing: (any Error).self)
            for event in Self.events() { sink.yield(event) }
            sink.finish(throwing: failure)
            let feed = AttachFeed(AttachSource(program: "shop", pid: 7, events: events, droppedEvents: { 0 },
                                               cancel: { _ in true }, close: {}))
            await feed.run {}
            let (frame, attachment) = feed.frame(at: .now)
            #expect(attachment.ended == (failure == nil ? "the program exited" : "line 3 of the stream is not an event"))
            #expect(frame.tasks.liveCount == 6)
            #expect(frame.resources.semaphores.first?.semaphore.holders == [Self.worker1, Self.worker2])
        }
    }

    @Test func test_a_feed_behind_its_connection_draws_its_newest_event_and_says_how_far_behind() async throws {
        // Given a feed that has folded the stream, and a connection that has read more than that
        let (batches, sink) = AsyncThrowingStream.makeStream(of: [SimulationEvent].self, throwing: (any Error).self)
        sink.yield(Self.events())
        let received = Self.events().count + 500
        let attachedAt = ContinuousClock.now
        let feed = AttachFeed(AttachSource(program: "shop", pid: 7, eventBatches: batches, droppedEvents: { 0 },
                                           eventsReceived: { received }, cancel: { _ in true }, close: {}),
                              attachedAt: attachedAt)
        let reading = Task { await feed.run {} }
        await eventually("the batch to be folded") { feed.eventsFolded == Self.events().count }
        // When a frame is taken 3 s after the attach
        let newest = try #require(Self.events().last).at
        var fold = AttachFold(program: "shop", pid: 7)
        for event in Self.events() { fold.apply(event) }
        let (frame, attachment) = fold.frame(at: .start + .seconds(3), droppedEvents: 0, catchingUp: true)
        // Then it shows the newest event's instant, not the wall clock's, and says how far behind
        #expect(frame.instant == newest)
        #expect(attachment.behind == newest.duration(to: .start + .seconds(3)))
        var model = DashboardModel(size: Size(width: 120, height: 36))
        model.attachment = attachment
        _ = model.update(.frame(frame))
        let header = Self.screen(model).split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.contains("catching up: 2.7s behind"), "\(header)")
        // And the feed decides it from the connection's count: behind, it draws the newest event
        let (fromFeed, behind) = feed.frame(at: attachedAt + .seconds(3))
        #expect(fromFeed.instant == newest)
        #expect(behind.behind != nil)
        sink.finish()
        await reading.value
        // Caught up, the wall clock again: nothing is said
        let (caughtUp, said) = fold.frame(at: .start + .seconds(3), droppedEvents: 0)
        #expect(caughtUp.instant == .start + .seconds(3))
        #expect(said.catchingUp == nil)
        // And a narrow header keeps how far behind, if not the words around it
        var narrow = DashboardModel(size: Size(width: 60, height: 24))
        narrow.attachment = attachment
        _ = narrow.update(.frame(frame))
        let narrowHeader = Self.screen(narrow).split(separator: "\n").first.map(String.init) ?? ""
        #expect(narrowHeader.contains("2.7s behind"), "\(narrowHeader)")
    }

    /// A recording made while attached, its stream having lost events 3 to 9 and told the
    /// present again at 10: worker-2 still running, worker-1 ended unseen.
    static func lossyRecording() -> [SimulationEvent] {
        let kinds: [(UInt64, SimulationEvent.Kind)] = [
            (1, .taskSpawned(task: worker1, name: "worker-1", kind: "task", parent: nil)),
            (2, .taskSpawned(task: worker2, name: "worker-2", kind: "task", parent: nil)),
            (10, .presentRetold(events: 2)),
            (11, .taskSpawned(task: worker2, name: "worker-2", kind: "task", parent: nil)),
            (12, .taskStateChanged(task: worker2, state: .running)),
            (13, .logLine(level: "info", message: "after the loss")),
        ]
        return kinds.map { SimulationEvent(sequence: $0.0, at: .start + .milliseconds(Int64($0.0) * 100), kind: $0.1) }
    }

    @Test func test_a_replay_goes_on_across_lost_events_the_present_told_again_makes_up_for() throws {
        // Given a recording whose gap is followed by the present told again
        var fold = FrameFold(settings: AttachFold.settings)
        // When it is folded as a replay folds, where any other gap stops it
        for event in Self.lossyRecording() { try fold.apply(event) }
        // Then it reaches the end, worker-1 no longer live and worker-2 as it was
        let frame = fold.frame(at: .start + .seconds(2))
        #expect(frame.sequence == 13)
        #expect(frame.tasks.live.map(\.id) == [Self.worker2])
        #expect(frame.tasks.liveTask(Self.worker2)?.createdAt == .start + .milliseconds(200))
        // And a gap with nothing to make up for it still stops the fold
        var plain = FrameFold(settings: AttachFold.settings)
        try plain.apply(Self.lossyRecording()[0])
        #expect(throws: FrameFold.Problem.gap(after: 1, next: 13)) { try plain.apply(Self.lossyRecording()[5]) }
    }

    /// `events` written as `attach --record` writes them, for a program named `program`, and read back.
    static func recorded(_ events: [SimulationEvent], program: String = "shop") async throws -> Recording {
        let folder = try RecordingFolder()
        let path = folder.file("attached.jsonl")
        let recording = try AttachRecording(path: path)
        recording.start(header: RecordingHeader(programVersion: "0.1.0", seed: nil, settings: nil,
                                                start: .init(permits: 0, queueCapacity: 0), program: program, pid: 7))
        for event in events { recording.record(event) }
        _ = await recording.finish()
        return try RecordingReader.read(path: path)
    }

    @Test func test_a_recording_made_attached_replays_past_its_lost_events() async throws {
        let read = try await Self.recorded(Self.lossyRecording())
        let replayed = ReplayRun.render(read, after: .seconds(5), keys: [], size: Size(width: 120, height: 36), theme: .monochrome)
        #expect(replayed.stop == nil, "\(replayed.stop ?? "")")
        #expect(replayed.instant == .start + .milliseconds(1300))
        #expect(ScreenExport.render(replayed.screen, as: .text).contains("after the loss"))
    }

    @Test func test_a_rename_lost_with_the_events_is_shown_from_the_name_told_again() throws {
        // Given a request span seen under its first name, then its rename lost
        var fold = AttachFold(program: "shop", pid: 1)
        fold.apply(SimulationEvent(sequence: 1, at: .start, kind: .taskSpawned(task: Self.span, name: "GET", kind: "span.server", parent: nil)))
        fold.apply(SimulationEvent(sequence: 2, at: .start, kind: .taskStateChanged(task: Self.span, state: .running)))
        // When the present is told again (sequence 3, the rename, was dropped), with its name now
        let at = SimulationInstant.start + .seconds(1)
        fold.apply(SimulationEvent(sequence: 4, at: at, kind: .presentRetold(events: 2)))
        fold.apply(SimulationEvent(sequence: 5, at: at, kind: .taskSpawned(task: Self.span, name: "GET /orders", kind: "span.server", parent: nil)))
        fold.apply(SimulationEvent(sequence: 6, at: at, kind: .taskStateChanged(task: Self.span, state: .running)))
        // Then the board and the timeline name it as the program does, and it is spawned once
        let (frame, _) = fold.frame(at: at, droppedEvents: 1)
        #expect(frame.tasks.liveTask(Self.span)?.name == "GET /orders")
        #expect(frame.history.lanes[Self.span]?.name == "GET /orders")
        #expect(frame.tasks.counters.spawned == 1)
    }

    @Test func test_a_frame_taken_while_the_present_is_told_again_still_shows_the_resources_as_they_were() throws {
        // Given a dashboard showing "db" held by a task
        var fold = AttachFold(program: "shop", pid: 1)
        let before: [(SimulationEvent.Kind, String?)] = [
            (.permitsResized(permits: 1), "db"), (.taskSpawned(task: Self.worker1, name: "w", kind: "task", parent: nil), nil),
            (.taskStateChanged(task: Self.worker1, state: .running), nil), (.permitRequested(task: Self.worker1), "db"),
            (.permitGranted(task: Self.worker1, waitedNanoseconds: 0), "db"),
        ]
        for (index, (kind, resource)) in before.enumerated() {
            fold.apply(SimulationEvent(sequence: UInt64(index + 1), at: .start, kind: kind, resource: resource))
        }
        // When the present is told again and a frame is taken after its tasks, before its
        // semaphores (the feed folds 64 events a lock, and a read splits a long present)
        let at = SimulationInstant.start + .seconds(1)
        let told: [(SimulationEvent.Kind, String?)] = [
            (.presentRetold(events: 5), nil), (.taskSpawned(task: Self.worker1, name: "w", kind: "task", parent: nil), nil),
            (.taskStateChanged(task: Self.worker1, state: .running), nil), (.permitsResized(permits: 1), "db"),
            (.permitRequested(task: Self.worker1), "db"), (.permitGranted(task: Self.worker1, waitedNanoseconds: 0), "db"),
        ]
        let events = told.enumerated().map { SimulationEvent(sequence: UInt64($0.offset + 7), at: at, kind: $0.element.0, resource: $0.element.1) }
        for event in events.prefix(4) { fold.apply(event) }
        // Then the Resources pane still shows db as it was, then as told once the present is whole
        #expect(fold.frame(at: at, droppedEvents: 1).0.resources.semaphores.first?.semaphore.holders == [Self.worker1])
        for event in events.dropFirst(4) { fold.apply(event) }
        #expect(fold.frame(at: at, droppedEvents: 1).0.resources.semaphores.first?.semaphore.holders == [Self.worker1])
    }

    @Test func test_a_recording_made_attached_replays_with_the_resources_pane_at_each_instant() async throws {
        // Given a recording made attached: db's 2 permits, then worker-1 taking one at 0.5 s
        let kinds: [(Int64, SimulationEvent.Kind, String?)] = [
            (0, .permitsResized(permits: 2), "db"), (0, .taskSpawned(task: Self.worker1, name: "worker-1", kind: "task", parent: nil), nil),
            (0, .taskStateChanged(task: Self.worker1, state: .running), nil), (500, .permitRequested(task: Self.worker1), "db"),
            (500, .permitGranted(task: Self.worker1, waitedNanoseconds: 0), "db"), (900, .logLine(level: "info", message: "done"), nil),
        ]
        let read = try await Self.recorded(kinds.enumerated().map { index, entry in
            SimulationEvent(sequence: UInt64(index + 1), at: .start + .milliseconds(entry.0), kind: entry.1, resource: entry.2)
        }, program: "shop\u{1B}[31m")
        // When it is replayed at 0.2 s and at its end
        let size = Size(width: 120, height: 36)
        let early = ScreenExport.render(ReplayRun.render(read, after: .milliseconds(200), keys: [], size: size, theme: .monochrome).screen, as: .text)
        let late = ScreenExport.render(ReplayRun.render(read, after: .seconds(5), keys: [], size: size, theme: .monochrome).screen, as: .text)
        // Then it is drawn as attached panes are, the Resources pane as it was then, the
        // program's name made safe to show
        for screen in [early, late] {
            #expect(screen.contains("Resources") && !screen.contains("Workers"), "\(screen)")
            #expect(screen.contains("recorded attached to shop") && screen.contains("Log — the program's log"), "\(screen)")
            #expect(!screen.contains("\u{1B}"))
        }
        #expect(early.contains("0/2 held"), "\(early)")
        #expect(late.contains("1/2 held") && late.contains("worker-1"), "\(late)")
    }
}
