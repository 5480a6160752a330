import MentorCertCLI

MentorCertCommand.main()
