import Foundation
import TonghopCore
import TonghopIngest

/// Expands the command line's files and folders into the report files to process.
public enum ReportFiles {
    /// Files as given; folders are searched (recursively) for files of a readable format, in name order.
    public static func expand(_ paths: [String]) -> [String] {
        let fm = FileManager.default
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let found = (fm.subpaths(atPath: path) ?? [])
                .filter { ReportFormat(fileName: $0) != nil }
                .sorted()
                .map { (path as NSString).appendingPathComponent($0) }
            files += found
        }
        return files
    }
}
