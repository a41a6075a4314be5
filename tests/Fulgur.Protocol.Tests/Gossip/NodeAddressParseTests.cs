using Fulgur.Protocol.Gossip;

namespace Fulgur.Protocol.Tests.Gossip;

/// <summary>Addresses to announce, as <c>--announce-addr</c> gives them.</summary>
public sealed class NodeAddressParseTests
{
    [Theory]
    [InlineData("203.0.113.7:9736", "ipv4", "203.0.113.7:9736")]
    [InlineData("203.0.113.7", "ipv4", "203.0.113.7:9735")]
    [InlineData("[2001:db8::1]:19735", "ipv6", "[2001:db8::1]:19735")]
    [InlineData("[2001:db8::1]", "ipv6", "[2001:db8::1]:9735")]
    [InlineData("vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion:9050", "torv3",
        "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion:9050")]
    [InlineData("node.example.com:9735", "dns", "node.example.com:9735")]
    [InlineData("localhost", "dns", "localhost:9735")]
    public void Announce_addresses_parse(string text, string typeName, string shown)
    {
        Assert.True(NodeAddress.TryParse(text, out var address));
        Assert.Equal(typeName, address.TypeName);
        Assert.Equal(shown, address.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(":9735")]
    [InlineData("1.2.3.4:0")]
    [InlineData("1.2.3.4:65536")]
    [InlineData("1.2.3.4:x")]
    [InlineData("[2001:db8::1")]
    [InlineData("[1.2.3.4]:9735")]
    [InlineData("2001:db8::1")]
    [InlineData("bücher.example:9735")]
    [InlineData("host name:9735")]
    [InlineData("1.2.3:9735")]
    [InlineData("1.2.3.256:9735")]
    public void Bad_announce_addresses_are_refused(string text) => Assert.False(NodeAddress.TryParse(text, out _));
}
