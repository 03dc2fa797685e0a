import FuzzSupport

// One input, read and checked as a JSON report.
runFuzzer { data, size in
    checkReport(input(data, size), fileName: "report.json")
    return 0
}
