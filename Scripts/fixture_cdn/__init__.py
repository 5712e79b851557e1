"""Parts of Scripts/fixture-server, the loopback image CDN for tests: certificates, content, hotlink rules."""
