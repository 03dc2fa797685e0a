/// Every sentence tonghop shows a person, by name; `MessageCatalog` holds each one's words in Vietnamese and English.
public enum MessageKey: String, Sendable, Hashable, CaseIterable {
    // MARK: The file as a whole
    case fileTooLarge, fileMacroEnabledExtension, fileOldExcel, fileUnknownFormat, fileEmpty, fileBlank, fileNotUTF8
    case fileMissing, fileFolderWithoutReports, fileCannotRead

    // MARK: Workbooks
    case workbookOldOrProtected, workbookNotAWorkbook, workbookEncrypted, workbookDamaged, workbookZip64, workbookSplit
    case workbookEmpty, workbookTooManyParts, workbookTooLargeInAll, workbookPartTooLarge, workbookBomb, workbookPartCompression
    case workbookPartUnpacks, workbookPartChecksum, workbookMacros, workbookNotOffice, workbookNoWorkbookPart
    case workbookSheetPartMissing, workbookPartNotXML, workbookPartNotUTF8, workbookPartDoctype, workbookPartEncoding
    case workbookRowOutOfRange, workbookCellOutOfRange, workbookTooManyCells, workbookSharedStringMissing
    case workbookSheetTwice, workbookRowTwice, workbookCellTwice

    // MARK: JSON syntax (said after jsonNotValid)
    case jsonNotValid, jsonTrailingText, jsonValueMissingAtEnd, jsonExpectedValue, jsonTooDeep, jsonExpectedFieldName
    case jsonExpectedColon, jsonObjectNotClosed, jsonExpectedCommaOrBrace, jsonListNotClosed, jsonExpectedCommaOrBracket
    case jsonBareWord, jsonNotANumber, jsonDecimalDigits, jsonExponentDigits, jsonNumberTooLarge, jsonSurrogate
    case jsonEscapeNoCharacter, jsonBadEscape, jsonTextPastLine, jsonTextControl, jsonTextNotClosed, jsonHexDigits
    case jsonEndOfFile

    // MARK: JSON reports
    case jsonNotAnObject, jsonUnknownField, jsonFieldLookalike, jsonFieldTwice, jsonFieldNotText, jsonValuesNotObject, jsonAnswerNotScalar
    case jsonListExpected, jsonEntryNotObject, jsonEntryUnknownField, jsonEntryFieldNotText, jsonEntryFieldTwice
    case jsonEntryIncomplete

    // MARK: CSV reports
    case csvUnclosedQuote, csvStrayQuote, csvHeader, csvCarriageReturnsOnly, csvCellCount, csvDecimalComma, csvUnknownMeta, csvMetaTwice
    case csvUnknownRecord, separatorComma, separatorSemicolon, separatorTab

    // MARK: Report forms
    case formNoReportSheet, formNotLaidOut, formFieldTwice

    // MARK: The report's unit, period and template
    case fieldMissing, fieldMissingCSV, fieldMissingForm, fieldUnit, fieldPeriod, fieldTemplate, fieldTemplateVersion, fieldPreparedBy, fieldResults
    case unitUnknown, unitUnknownLookalike, unitUnknownLookalikeSuggestion, unitNotOnSchedule, unitNotActive, unitNotActiveUntil
    case periodMalformed, periodUnknown, periodWeeksInYear, periodMonths, periodFormWeekly, periodFormMonthly, periodNotStarted
    case templateUnknown, templateVersionUnknown

    // MARK: Criteria and answers
    case criterionUnknown, criterionUnknownSuggestion, criterionUnknownLookalike, criterionUnknownLookalikeSuggestion
    case criterionDuplicate, criterionEmpty, criterionMissing
    case valueWrongType, valueDecimalComma, valueNotFinite, valueNotWhole, valueTooLargeToStore, valueBelowMinimum
    case valueAboveMaximum, valueNotInChoices, valueTextTooLong, valuePercentageAsFraction, valueReadAsGroupedNumber
    case expectWholeNumber, expectWholeNumberIn, expectNumber, expectNumberIn, expectPercentage, expectYesNo, expectChoice
    case expectDate, expectText, expectTextUpTo, rangeBetween, rangeAtLeast, rangeAtMost
    case ruleViolated, ruleEmptySide

    // MARK: Narrative and characters
    case resultsMissing, resultsTooLong, resultsTopicTooLong, resultsTopicUnknown, resultsNeedTopics, resultsSingleText
    case resultsTopicNotText, preparedByTooLong, itemEmpty, itemTooLong, itemDifficulty, itemRecommendation
    case difficultyUnknownField, addresseeUnknown, addresseeEmpty, addresseeMinistryCode, addresseeColon, addresseeTwice
    case controlCharacter, controlInField, controlInAnswer, controlInCode, controlInText
    case notStored

    // MARK: Tasks in reports
    case taskUnknown, taskNotAssigned, taskStatusMissing, taskStatusUnknown, taskDateMissing, taskDateNotCompleted
    case taskDateMalformed, taskDateInFuture, taskDateBeforeAssigned, taskFieldTwice, taskTwice, taskUnknownField, taskUnreported
    case taskNotText, tasksNotObject
    case taskOverdueToday, taskOverdueDays, taskCompletedOn, taskLateDays, taskNeverReported, taskProduct, taskNote, taskRegular, taskDue
    case tasksHeading, tasksCounts, tasksStateHeading, tasksNone

    // MARK: The kinds of problem (one per issue code)
    case issueUnreadableFile, issueMalformedFile, issueMissingField, issueUnknownUnit, issueUnitNotActive, issueUnitNotOnSchedule
    case issueMalformedPeriod, issueUnknownPeriod, issuePeriodNotStarted, issueUnknownTemplate, issueTemplateMismatch
    case issueUnknownCriterion, issueDuplicateCriterion, issueMissingCriterion, issueWrongType, issueOutOfBounds
    case issueNotInChoices, issueRuleViolated, issueTextTooLong, issueControlCharacter, issuePercentageAsFraction
    case issueMissingText, issueUnknownDifficultyField, issueUnknownAddressee, issueNotStored, issueReadAs, issueUnknownTopic
    case issueUnknownTask, issueTaskNotAssigned, issueTaskProgress, issueTaskUnreported
    case severityError, severityWarning, severityNote

    // MARK: Verdicts and receipts
    case verdictAccepted, verdictDuplicate, verdictSuperseding, verdictRejected
    case receiptAccepted, receiptSuperseding, receiptDuplicate, receiptRejected
    case receiptLine, receiptOnTime, receiptLate, receiptReplaces, receiptKeptNotCounting, receiptDuplicateLine
    case receiptHeadingAccepted, receiptHeadingDuplicate
    case verdictLine, verdictLineWithPeriod, verdictSummary, timelinessOnTime, timelinessLate

    // MARK: Requests to the service and the command line
    case requestUnknownSchedule, requestUnknownUnit, requestNoScheduleForPeriod, requestUnitNotOnSchedule
    case requestUnitNotActive, requestUnitNotActiveUntil, requestNoTemplate, requestPeriod, requestTaskState
    case apiNoToken, apiBadToken, apiNotFound, apiTooLarge, apiMethodNotAllowed, apiInternal, apiStaffOnly, apiOtherUnit
    case apiStaffCannotSubmit, apiUnsupportedMediaType, apiNoBoundary, apiMalformedMultipart, apiNoFileField, apiNoFileChosen
    case apiNotAReportFile, apiNoBody, apiTimeout, apiWrongUnitReport, apiBadInstant, apiSignInNoToken, apiSignInNoCheck
    case apiOtherError, apiNoSynthesisFormat, apiRequestTooLarge
    case formWritten, formPeriodChoice
    case backupDone, backupFailed, backupNoFolder
    case issuesMore, issuesMoreOfCode
    case weeklyTakenIn, weeklyLateCheck, weeklyLateCheckMissing, weeklyCompliance
    case lateHeading, lateNewlyFlagged, lateNewlyResolved, lateOutstanding, lateNone, latePeriodLine, latePeriodCount, lateScheduleCounts
    case lateFirstRun, lateUnitWithName
    case lateTasksNewlyOverdue, lateTasksCompleted, lateTasksOutstanding, lateTasksOutstandingCount, lateTaskUnitLine, lateTaskItem
    case historyNone, historyNoneForPeriod, historyLine, historyCounts, historySuperseded
    case statusHeading, statusDeadline, statusCounts, statusCountsPending, statusOnTime, statusLate, statusMissing, statusPending
    case statusReported, statusReportedLate, statusOverdue, statusAhead, statusNext, statusUntracked, statusBeforeTracking
    case reviewUnknownSubmission, reviewReplaced, reviewNotAllowed, reviewReasonMissing, reviewReasonTooLong, reviewUnknownCriterion
    case reviewDecisionUnknown, reviewStateUnknown, reviewOutOfOrder, reviewBodyMalformed, reviewIdMalformed
    case reviewStateReceived, reviewStateAccepted, reviewStateReturned, reviewDecisionAccept, reviewDecisionReturn, reviewDecisionReopen
    case reviewRecorded, reviewCorrectionDue, reviewTrailLine, reviewTrailReason, reviewTrailCriteria, reviewListLine, reviewListNone
    case auditLine, auditNone, auditSubmissionStored, auditReviewAccept, auditReviewReturn, auditReviewReopen, auditTokenCreated, auditTokenRevoked,
        auditTokenOfUnit,
        auditTokenOfStaff, auditTemplatesLoaded
    case assessmentEmpty, assessmentTooLong, assessmentControlCharacter, assessmentUnknownTopic, assessmentTopicTwice
    case tokenCreatedNotice, tokenRevokedLine, tokenListLine, tokenStateActive, tokenStateRevoked, tokenNone, tokenHolderStaff
    case assessmentInFile, assessmentRecorded, assessmentHistoryLine, assessmentNone, auditAssessmentWritten
    case lateCorrectionsNewlyOverdue, lateCorrectionsResolved, lateCorrectionsOutstanding, lateCorrectionLine
    case pageUnauthorized, pageForbidden, pageNotFound, pageTooLarge, pageUnsupported, pageBadRequest, pageTimeout, pageError
}
