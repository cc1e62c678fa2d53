import AsyncDemoCore

/// The rows the Tasks pane lists, in order, and in the tree layout the guide drawn before each
/// name (`├─ `, `│  └─ `); every guide is empty in the list layout.
public struct TaskListing: Sendable {
    public var rows: [TaskInfo] = []
    public var guides: [String] = []

    public init(rows: [TaskInfo] = [], guides: [String]? = nil) {
        self.rows = rows
        self.guides = guides ?? Array(repeating: "", count: rows.count)
    }
}

/// Arranges sorted rows as the tree of parents and children (htop's `t`, `python -m asyncio
/// pstree`): each task under its parent, siblings in the sort's order. A task whose parent is
/// not listed (finished and gone, or left out by the filter or the search) is a root.
enum TaskTree {
    static func arrange(_ sorted: [TaskInfo]) -> TaskListing {
        let listed = Set(sorted.map(\.id))
        var children: [TaskID: [TaskInfo]] = [:]
        var roots: [TaskInfo] = []
        for task in sorted {
            if let parent = task.parent, listed.contains(parent) {
                children[parent, default: []].append(task)
            } else {
                roots.append(task)
            }
        }
        var listing = TaskListing()
        listing.rows.reserveCapacity(sorted.count)
        listing.guides.reserveCapacity(sorted.count)
        // Depth first without recursion: a parent is always older than its children (it was
        // registered first), so there are no cycles, but a long chain must not exhaust the stack.
        // `lead` is what the ancestors draw in front of a row: `│  ` under a parent with more
        // siblings to come, blanks under a last child.
        var pending: [(task: TaskInfo, lead: String, connector: String?)] = roots.reversed().map { ($0, "", nil) }
        while let (task, lead, connector) = pending.popLast() {
            listing.rows.append(task)
            listing.guides.append(lead + (connector ?? ""))
            let below = children[task.id] ?? []
            let childLead = connector.map { lead + ($0 == "└─ " ? "   " : "│  ") } ?? ""
            for (index, child) in below.enumerated().reversed() {
                pending.append((child, childLead, index == below.count - 1 ? "└─ " : "├─ "))
            }
        }
        // Only a parent id from the future could make a cycle; its tasks still get listed.
        if listing.rows.count < sorted.count {
            let placed = Set(listing.rows.map(\.id))
            for task in sorted where !placed.contains(task.id) {
                listing.rows.append(task)
                listing.guides.append("")
            }
        }
        return listing
    }
}
