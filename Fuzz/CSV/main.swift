import FuzzSupport

// One input, read and checked as a CSV report.
runFuzzer { data, size in
    checkReport(input(data, size), fileName: "report.csv")
    return 0
}
