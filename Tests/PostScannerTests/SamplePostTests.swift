import Foundation
import Testing
@testable import PostScanner
import TestSupport

@Suite struct SamplePostTests {
    @Test func samplePostHasCoverLeadImageAndThreeCaptionedImages() throws {
        let file = TestPaths.repositoryRoot.appendingPathComponent("Examples/posts/sample-post.md")
        let posts = try PostScanner().scan(fileAt: file, displayPath: "sample-post.md")
        #expect(posts.count == 1)
        let post = try #require(posts.first)
        #expect(post.title == "普京拜登月内二度通话，双方互抛警告")
        #expect(post.date == "Fri, 31 Dec 2021 09:22:24 GMT")
        #expect(post.cover == "https://i.guancha.cn/news/2021/12/31/20211231092132221.jpg")
        #expect(post.coverIsPlaceholder == false)
        #expect(post.images.map(\.src) == [
            "https://i.guancha.cn/news/2021/12/31/20211231092132221.jpg",
            "https://i.guancha.cn/news/social/2021/12/31/20211231090731553.jpg",
            "https://i.guancha.cn/news/social/2021/12/31/20211231090858126.jpg",
            "https://i.guancha.cn/news/social/2021/12/31/20211231091053268.png",
        ])
        #expect(post.images.map(\.caption) == [
            nil,
            "资料图：俄罗斯总统普京和美国总统拜登",
            "当地时间12月30日，美国总统拜登与俄罗斯总统普京通电话。这是继本月7日举行视频会晤后，俄美元首第二次进行对话。图自澎湃影像",
            "俄塔斯社报道截图",
        ])
        #expect(post.images.map(\.isCover) == [true, false, false, false])
        #expect(post.images.allSatisfy { $0.referrerPolicy == "no-referrer" })
        #expect(post.images.map(\.index) == [0, 1, 2, 3])
        #expect(post.images.first?.url == post.cover)
    }
}
