import Testing
@testable import PostScanner

/// Each host's resized copies name their original as the host's URL scheme says (and as
/// gallery-dl asks for it); other URLs, and originals, have none.
@Suite struct OriginalImageURLTests {
    @Test(arguments: [
        // Blogger and Google: a size segment or suffix becomes s0.
        ("https://blogger.googleusercontent.com/img/b/R29v/AVvX/s320/photo.jpg", "https://blogger.googleusercontent.com/img/b/R29v/AVvX/s0/photo.jpg"),
        ("https://1.bp.blogspot.com/-abc/XYZ/AAA/def/w400-h300-p-k-no-nu/photo.png", "https://1.bp.blogspot.com/-abc/XYZ/AAA/def/s0/photo.png"),
        ("https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh=w640-h426", "https://blogger.googleusercontent.com/img/b/R29vZ2xl/AVvXsEh=s0"),
        ("https://lh3.googleusercontent.com/pw/AP1Gcz=s1600-rw", "https://lh3.googleusercontent.com/pw/AP1Gcz=s0"),
        // Twitter: name=orig, or :orig.
        ("https://pbs.twimg.com/media/FxYz123?format=jpg&name=small", "https://pbs.twimg.com/media/FxYz123?format=jpg&name=orig"),
        ("https://pbs.twimg.com/media/FxYz123.jpg:large", "https://pbs.twimg.com/media/FxYz123.jpg:orig"),
        // Weibo: the size segment becomes large.
        ("https://wx1.sinaimg.cn/mw690/006abc.jpg", "https://wx1.sinaimg.cn/large/006abc.jpg"),
        ("https://tva1.sinaimg.cn/orj360/006abc.jpg", "https://tva1.sinaimg.cn/large/006abc.jpg"),
        ("https://ww2.sinaimg.cn/bmiddle/006abc.gif", "https://ww2.sinaimg.cn/large/006abc.gif"),
        // Zhihu: the size suffix becomes _r, the query kept.
        ("https://pic1.zhimg.com/v2-0a1b2c_720w.jpg?source=8673f162", "https://pic1.zhimg.com/v2-0a1b2c_r.jpg?source=8673f162"),
        ("https://pica.zhimg.com/50/v2-0a1b2c_hd.png", "https://pica.zhimg.com/50/v2-0a1b2c_r.png"),
        // WeChat: the size becomes 0.
        ("https://mmbiz.qpic.cn/mmbiz_jpg/AbCd/640?wx_fmt=jpeg", "https://mmbiz.qpic.cn/mmbiz_jpg/AbCd/0?wx_fmt=jpeg"),
        // Shopify: the size suffix goes.
        ("https://cdn.shopify.com/s/files/1/0123/files/photo_800x.jpg?v=16", "https://cdn.shopify.com/s/files/1/0123/files/photo.jpg?v=16"),
        ("https://cdn.shopify.com/s/files/1/0123/products/shoe_x600@2x.png", "https://cdn.shopify.com/s/files/1/0123/products/shoe.png"),
        ("https://cdn.shopify.com/s/files/1/0123/products/shoe_400x400_crop_center.jpg", "https://cdn.shopify.com/s/files/1/0123/products/shoe.jpg"),
        // WordPress: the upload behind a resized copy.
        ("https://blog.example/wp-content/uploads/2024/05/harbour-1024x683.jpg", "https://blog.example/wp-content/uploads/2024/05/harbour.jpg"),
        // Typepad, on its own domain and a blog's: the size suffix becomes -pi.
        ("http://everything.typepad.com/.a/6a00d83451c82369e2017c37087e65970b-600wi", "http://everything.typepad.com/.a/6a00d83451c82369e2017c37087e65970b-pi"),
        ("https://blog.example.org/.a/6a00e54ee025588834017d412a8306970c-120si", "https://blog.example.org/.a/6a00e54ee025588834017d412a8306970c-pi"),
        // Ghost: the responsive size folder (and format) go; Wix: the rendition after /v1/; Tumblr: _500 → _1280.
        ("https://blog.example/content/images/size/w600/2024/01/g.jpg", "https://blog.example/content/images/2024/01/g.jpg"),
        ("https://blog.example/content/images/size/w1000/format/webp/2024/01/g.png", "https://blog.example/content/images/2024/01/g.png"),
        ("https://static.wixstatic.com/media/ab12_cd~mv2.jpg/v1/fill/w_740,h_493,al_c,q_85/ab12_cd~mv2.jpg", "https://static.wixstatic.com/media/ab12_cd~mv2.jpg"),
        ("https://64.media.tumblr.com/tumblr_mabc123xyz_500.jpg", "https://64.media.tumblr.com/tumblr_mabc123xyz_1280.jpg"),
        // Imgur: the size letter after the id goes.
        ("https://i.imgur.com/AbCdEfGm.jpg", "https://i.imgur.com/AbCdEfG.jpg"),
        ("https://i.imgur.com/xY9zQh.png", "https://i.imgur.com/xY9zQ.png"),
        // Pinterest: the size folder becomes originals.
        ("https://i.pinimg.com/736x/ab/cd/ef/abcdef0123.jpg", "https://i.pinimg.com/originals/ab/cd/ef/abcdef0123.jpg"),
        // Flickr: a size below 1024 (or none) becomes _b.
        ("http://farm9.staticflickr.com/8426/7758832526_cc8f681e48_c.jpg", "http://farm9.staticflickr.com/8426/7758832526_cc8f681e48_b.jpg"),
        ("http://farm5.static.flickr.com/5207/5199928430_eee923c599_m.jpg", "http://farm5.static.flickr.com/5207/5199928430_eee923c599_b.jpg"),  // before 2011
        ("https://live.staticflickr.com/65535/52345678901_0a1b2c3d4e.jpg", "https://live.staticflickr.com/65535/52345678901_0a1b2c3d4e_b.jpg"),
        // Cloudinary: the transformations go, the version and folders stay.
        ("https://res.cloudinary.com/demo/image/upload/w_300,c_fill,g_face/q_auto:good/v1712345678/blog/my_pics/boat.jpg",
         "https://res.cloudinary.com/demo/image/upload/v1712345678/blog/my_pics/boat.jpg"),
        ("https://res.cloudinary.com/demo/image/upload/c_scale,w_500/my_pics/boat.jpg", "https://res.cloudinary.com/demo/image/upload/my_pics/boat.jpg"),
        // imgix and the CMSs on it, Unsplash, Sanity, Contentful: the query only renders.
        ("https://images.unsplash.com/photo-1500530855697-b586d89ba3ee?ixlib=rb-4.0.3&w=1080&q=80&fit=max", "https://images.unsplash.com/photo-1500530855697-b586d89ba3ee"),
        ("https://acme.imgix.net/blog/harbour.jpg?w=640&auto=format", "https://acme.imgix.net/blog/harbour.jpg"),
        ("https://cdn.sanity.io/images/p1/production/abc-2000x1333.jpg?w=800&fit=max", "https://cdn.sanity.io/images/p1/production/abc-2000x1333.jpg"),
    ])
    func aResizedCopyNamesItsOriginal(copy: String, original: String) {
        #expect(OriginalImageURL.original(of: copy) == original)
    }

    @Test(arguments: [
        "https://wx1.sinaimg.cn/large/006abc.jpg",                      // Weibo's original already
        "https://pbs.twimg.com/media/FxYz123?format=jpg&name=orig",     // Twitter's too
        "https://blogger.googleusercontent.com/img/b/R29v/AVvX/s0/photo.jpg",
        "https://pic1.zhimg.com/v2-0a1b2c_r.jpg",
        "https://mmbiz.qpic.cn/mmbiz_png/AbCd/0?wx_fmt=png",
        "https://pic1.zhimg.com/v2-0a1b2c.jpg",                         // no size named
        "https://cdn.shopify.com/s/files/1/0123/files/size_chart.jpg",  // a name with an underscore
        "https://cdn.example/photos/s320/photo.jpg",                    // Google's rule, another host
        "https://i.guancha.cn/news/2022/06/14/20220614224352123.jpg",   // no rule for the host
        "https://blog.example/images/harbour-1024x683.jpg",             // not a WordPress upload
        "/wp-content/uploads/a-300x200.jpg",                            // not a web URL yet
        "http://everything.typepad.com/.a/6a00d83451c82369e2017c37087e65970b-pi",  // Typepad's upload
        "https://cdn.example/.a/6a0-b/photo-wide.jpg",                  // Typepad's folder, no size
        "https://i.pinimg.com/originals/ab/cd/ef/abcdef0123.jpg",       // Pinterest's original
        "https://i.imgur.com/AbCdEfG.jpg",                              // Imgur's own id, 7 characters
        "https://blog.example/content/images/2024/01/g.jpg",            // Ghost's upload
        "https://static.wixstatic.com/media/ab12_cd~mv2.jpg",           // Wix's upload
        "https://64.media.tumblr.com/tumblr_mabc123xyz_1280.jpg",       // Tumblr's largest
        "https://i.imgur.com/AbCdEfGx.jpg",                             // no size letter
        "https://live.staticflickr.com/65535/52345678901_0a1b2c3d4e_b.jpg",  // Flickr's _b already
        "https://live.staticflickr.com/65535/52345678901_9f8e7d6c5b_o.png",  // the original, its own secret
        "https://res.cloudinary.com/demo/image/upload/v1712345678/my_pics/boat.jpg",  // no transformation
        "https://images.unsplash.com/photo-1500530855697-b586d89ba3ee", // no query
    ])
    func otherURLsNameNone(url: String) {
        #expect(OriginalImageURL.original(of: url) == nil)
    }
}
