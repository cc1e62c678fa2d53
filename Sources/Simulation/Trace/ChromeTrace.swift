import AsyncDemoCore

/// A recording as Chrome trace-event JSON (the format Perfetto and chrome://tracing open): one
/// process per task kind and one thread (track) per task, a complete slice for each stretch of
/// a task's life named for what it was doing, an instant where it ended, a flow arrow from each
/// parent to the child it spawned, and counters for the queue's depth and the permits.
///
/// The spans come from `TaskLanes` with no limit, so every change of the run is in the trace.
public enum ChromeTrace {
    /// The process id of the counters (each task kind takes 1, 2, ... in the order first seen).
    static let simulationProcess = 0

    private struct TraceEvent {
        let at: Int64
        let json: String
    }

    public static func json(of recording: Recording) -> String {
        var lanes = TaskLanes(changeLimit: Int.max, finishedLimit: Int.max, retention: .seconds(Int64.max))
        var permits = PermitsFold(permits: recording.header.start.permits)
        var queue = QueueFold(capacity: recording.header.start.queueCapacity)
        var events: [TraceEvent] = []
        var kinds: [String: Int] = [:]
        var endings: [TaskID: TaskState] = [:]
        for event in recording.events {
            lanes.apply(event)
            let at = event.at.nanoseconds
            switch event.kind {
            case .taskSpawned(_, _, let kind, _) where kinds[kind] == nil: kinds[kind] = kinds.count + 1
            case .taskFinished(let task, let state): endings[task] = state
            case .permitRequested, .permitGranted, .permitReleased, .permitRequestCancelled, .permitsResized:
                permits.apply(event.kind)
                events.append(counter("permits", at: at, values: [
                    ("held", permits.holders.count), ("waiting", permits.waiters.count), ("permits", permits.permits),
                ]))
            case .itemEnqueued, .itemDequeued, .producerBlocked, .producerUnblocked, .queueResized:
                queue.apply(event.kind)
                events.append(counter("queue", at: at, values: [
                    ("depth", queue.depth), ("blocked producers", queue.blockedProducers.count), ("capacity", queue.capacity),
                ]))
            default: break
            }
        }
        let end = max(lanes.latest, recording.events.last?.at ?? .start).nanoseconds
        var metadata = [process(simulationProcess, named: "simulation", sortIndex: 0)]
        for (kind, pid) in kinds.sorted(by: { $0.value < $1.value }) {
            metadata.append(process(pid, named: kind, sortIndex: pid))
        }
        for lane in lanes.lanes.values.sorted(by: { $0.task.rawValue < $1.task.rawValue }) {
            let pid = kinds[lane.kind] ?? simulationProcess, tid = lane.task.rawValue
            metadata.append(TraceEvent(at: 0, json: """
                {"ph":"M","name":"thread_name","ts":0,"pid":\(pid),"tid":\(tid),"args":{"name":\(JSONText.quoted("#\(tid) \(lane.name)"))}}
                """))
            events += slices(of: lane, pid: pid, end: end, ending: endings[lane.task])
            if let parent = lane.parent, let parentLane = lanes[parent],
               let flow = flow(from: parentLane, to: lane, pid: pid, parentPid: kinds[parentLane.kind] ?? simulationProcess) {
                events += flow
            }
        }
        // Stable: on each track the slices, flows and endings come in time order.
        let ordered = metadata + events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        let header = recording.header
        var other = [("format", header.format), ("programVersion", header.programVersion)]
        if let seed = header.seed { other.append(("seed", "\(seed)")) }
        if let stop = recording.stop { other.append(("stop", stop)) }
        let otherData = other.map { "\(JSONText.quoted($0.0)):\(JSONText.quoted($0.1))" }.joined(separator: ",")
        return "{\"traceEvents\":[\n" + ordered.map(\.json).joined(separator: ",\n")
            + "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\(otherData)}}\n"
    }

    /// One complete slice per change of the lane (none for a change that lasted no time), and
    /// an instant where it ended: together they cover its life from spawn to end.
    private static func slices(of lane: TaskLane, pid: Int, end: Int64, ending: TaskState?) -> [TraceEvent] {
        let tid = lane.task.rawValue
        let stop = lane.ending?.at.nanoseconds ?? end
        var result: [TraceEvent] = []
        let changes = Array(lane.changes)
        for (index, change) in changes.enumerated() {
            let from = change.at.nanoseconds
            let to = index + 1 < changes.count ? changes[index + 1].at.nanoseconds : stop
            guard to > from else { continue }
            result.append(TraceEvent(at: from, json: """
                {"ph":"X","name":\(JSONText.quoted(change.activity.description)),"cat":"task","ts":\(JSONText.microseconds(from)),"dur":\(JSONText.microseconds(to - from)),"pid":\(pid),"tid":\(tid)}
                """))
        }
        if let (how, at) = lane.ending {
            let state = ending.map { JSONText.quoted($0.description) } ?? JSONText.quoted(how.description)
            result.append(TraceEvent(at: at.nanoseconds, json: """
                {"ph":"i","name":\(JSONText.quoted(how.description)),"cat":"task","s":"t","ts":\(JSONText.microseconds(at.nanoseconds)),"pid":\(pid),"tid":\(tid),"args":{"state":\(state)}}
                """))
        }
        return result
    }

    /// The arrow from the parent's track, where it spawned the child, to the child's first slice;
    /// nil when the parent was not alive then (its own spawn was not recorded).
    private static func flow(from parent: TaskLane, to child: TaskLane, pid: Int, parentPid: Int) -> [TraceEvent]? {
        let at = child.spawnedAt
        guard parent.spawnedAt <= at, parent.ending.map({ $0.at >= at }) ?? true else { return nil }
        let ts = JSONText.microseconds(at.nanoseconds), id = child.task.rawValue
        return [
            TraceEvent(at: at.nanoseconds, json: """
                {"ph":"s","name":"spawn","cat":"spawn","id":\(id),"ts":\(ts),"pid":\(parentPid),"tid":\(parent.task.rawValue)}
                """),
            TraceEvent(at: at.nanoseconds, json: """
                {"ph":"f","bp":"e","name":"spawn","cat":"spawn","id":\(id),"ts":\(ts),"pid":\(pid),"tid":\(id)}
                """),
        ]
    }

    private static func counter(_ name: String, at: Int64, values: [(String, Int)]) -> TraceEvent {
        let args = values.map { "\(JSONText.quoted($0.0)):\($0.1)" }.joined(separator: ",")
        return TraceEvent(at: at, json: """
            {"ph":"C","name":\(JSONText.quoted(name)),"ts":\(JSONText.microseconds(at)),"pid":\(simulationProcess),"tid":0,"args":{\(args)}}
            """)
    }

    private static func process(_ pid: Int, named name: String, sortIndex: Int) -> TraceEvent {
        TraceEvent(at: 0, json: """
            {"ph":"M","name":"process_name","ts":0,"pid":\(pid),"tid":0,"args":{"name":\(JSONText.quoted(name))}},
            {"ph":"M","name":"process_sort_index","ts":0,"pid":\(pid),"tid":0,"args":{"sort_index":\(sortIndex)}}
            """)
    }
}
