// Review, Withdrawals and Pipeline name NoticePage, NoticeContent and IndexPage, which moved here from Publishing:
// imported for the whole assembly so that the move needs no edit in their files. Drop once they import it themselves.
global using FunctionsPipeline.Core.Publishing.Pages;
