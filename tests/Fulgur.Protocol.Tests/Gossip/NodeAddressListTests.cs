using System.Net;
using CsCheck;
using Fulgur.Crypto;
using Fulgur.Protocol.Gossip;
using Fulgur.Protocol.Types;

namespace Fulgur.Protocol.Tests.Gossip;

/// <summary>node_announcement address descriptors, alias and colour.</summary>
public sealed class NodeAddressListTests
{
    private static readonly string OnionHost = "vww6ybal4bd7szmgncyruucpgfkqahzddi37ktceo3ah7ngmcopnpyyd.onion";

    [Fact]
    public void Every_known_type_encodes_and_reads_back()
    {
        Assert.True(TorV3NodeAddress.TryParseHost(OnionHost, 9735, out var tor));
        var list = NodeAddressList.Create(
            new DnsHostnameNodeAddress("node.example.com", 9735),
            tor,
            new IPv6NodeAddress(IPAddress.Parse("2001:db8::1"), 9736),
            new IPv4NodeAddress(IPAddress.Parse("203.0.113.7"), 9735));
        var hex = list.Raw.ToHex();
        Assert.Equal(
            "01" + "cb007107" + "2607"
            + "02" + "20010db8000000000000000000000001" + "2608"
            + "04" + Hex.Encode(tor.Onion.Span) + "2607"
            + "05" + "10" + Hex.Encode("node.example.com"u8) + "2607",
            hex);
        var read = NodeAddressList.FromWire(list.Raw.Span);
        Assert.Equal(NodeAddressListProblem.None, read.Problem);
        Assert.Equal(list.Descriptors, read.Descriptors);
        Assert.True(read.IsAscending);
        Assert.Equal(["203.0.113.7:9735", "[2001:db8::1]:9736", OnionHost + ":9735", "node.example.com:9735"],
            read.Usable.Select(a => a.ToString()));
    }

    [Fact]
    public void Tor_v3_host_round_trips_through_base32()
    {
        Assert.True(TorV3NodeAddress.TryParseHost(OnionHost, 1, out var tor));
        Assert.Equal(35, tor.Onion.Length);
        Assert.Equal(OnionHost + ":1", tor.ToString());
        Assert.False(TorV3NodeAddress.TryParseHost("short.onion", 1, out _));
        Assert.False(TorV3NodeAddress.TryParseHost(OnionHost.Replace('v', '1'), 1, out _));
    }

    [Fact]
    public void Reading_stops_at_the_first_unknown_type()
    {
        // IPv4, then type 0 (undefined), then what would be another IPv4.
        var list = NodeAddressList.FromWire(Hex.Decode("01" + "01020304" + "0001" + "00" + "01" + "05060708" + "0002"));
        Assert.Equal(NodeAddressListProblem.UnknownType, list.Problem);
        Assert.Equal((byte)0, list.UnknownType);
        Assert.Single(list.Descriptors);
    }

    [Fact]
    public void A_descriptor_cut_by_addrlen_is_reported_truncated()
    {
        var list = NodeAddressList.FromWire(Hex.Decode("01" + "01020304" + "0001" + "02" + "20010db8"));
        Assert.Equal(NodeAddressListProblem.Truncated, list.Problem);
        Assert.Single(list.Descriptors);
        Assert.Equal(NodeAddressListProblem.Truncated, NodeAddressList.FromWire(Hex.Decode("05")).Problem);
        Assert.Equal(NodeAddressListProblem.Truncated, NodeAddressList.FromWire(Hex.Decode("05" + "03" + "616263" + "26")).Problem);
    }

    [Fact]
    public void Receiver_skips_port_zero_tor_v2_bad_hostnames_and_extra_hostnames()
    {
        var list = NodeAddressList.FromWire(Hex.Decode(
            "01" + "01020304" + "0000"                 // IPv4 with port 0: ignored
            + "01" + "01020305" + "0001"               // usable
            + "03" + "00112233445566778899" + "0050"   // Tor v2: ignored
            + "05" + "02" + "c3a9" + "0001"            // a non-ASCII hostname: ignored
            + "05" + "01" + "61" + "0002"              // the first valid hostname
            + "05" + "01" + "62" + "0003"));           // a second hostname: ignored
        Assert.Equal(NodeAddressListProblem.None, list.Problem);
        Assert.Equal(6, list.Descriptors.Count);
        Assert.True(list.HasSeveralHostnames);
        Assert.Equal(["1.2.3.5:1", "a:2"], list.Usable.Select(a => a.ToString()));
    }

    [Fact]
    public void Descending_types_are_noticed()
    {
        var list = NodeAddressList.FromWire(Hex.Decode("02" + "20010db8000000000000000000000001" + "2608" + "01" + "cb007107" + "2607"));
        Assert.False(list.IsAscending);
        Assert.Equal(2, list.Usable.Count);
    }

    [Fact]
    public void Origin_rules_are_enforced_when_creating()
    {
        Assert.Throws<ArgumentException>(() => NodeAddressList.Create(new IPv4NodeAddress(IPAddress.Loopback, 0)));
        Assert.Throws<ArgumentException>(() => NodeAddressList.Create(new DnsHostnameNodeAddress("a", 1),
            new DnsHostnameNodeAddress("b", 1)));
        Assert.Throws<ArgumentException>(() => new DnsHostnameNodeAddress("bücher.example", 1));
        Assert.Throws<ArgumentException>(() => new IPv4NodeAddress(IPAddress.IPv6Loopback, 1));
    }

    [Fact]
    public void Any_bytes_read_without_throwing_and_keep_their_bytes()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            var list = NodeAddressList.FromWire(bytes);
            Assert.Equal(bytes, list.Raw.ToArray());
            _ = list.Usable;
            _ = list.ToString();
        });
    }

    [Fact]
    public void Alias_is_zero_padded_utf8()
    {
        var alias = NodeAlias.FromString("IRATEMONK ⚡");
        Assert.Equal("IRATEMONK ⚡", alias.ToString());
        Assert.True(alias.IsWellFormed);
        Assert.Equal(Hex.Encode("IRATEMONK ⚡"u8) + new string('0', 2 * (32 - "IRATEMONK ⚡"u8.Length)), alias.Value.ToHex());
        Assert.Throws<ArgumentException>(() => NodeAlias.FromString(new string('x', 33)));
        Assert.True(NodeAlias.FromString(new string('x', 32)).IsWellFormed);
        Assert.True(NodeAlias.Empty.IsWellFormed);
        Assert.Equal("", NodeAlias.Empty.ToString());
    }

    [Fact]
    public void Alias_with_bytes_after_a_zero_or_bad_utf8_is_not_well_formed()
    {
        var afterZero = new byte[32];
        afterZero[0] = (byte)'a';
        afterZero[5] = (byte)'b';
        Assert.False(new NodeAlias(Bytes32.FromSpan(afterZero)).IsWellFormed);
        Assert.Equal("a", new NodeAlias(Bytes32.FromSpan(afterZero)).ToString());
        var badUtf8 = new byte[32];
        badUtf8[0] = 0xc3;
        Assert.False(new NodeAlias(Bytes32.FromSpan(badUtf8)).IsWellFormed);
        Assert.Equal("\uFFFD", new NodeAlias(Bytes32.FromSpan(badUtf8)).ToString());
    }

    [Fact]
    public void Rgb_color_is_red_green_blue()
    {
        var color = RgbColor.FromSpan([0x33, 0x99, 0xff]);
        Assert.Equal(new RgbColor(0x33, 0x99, 0xff), color);
        Assert.Equal("3399ff", color.ToString());
        Assert.True(RgbColor.TryParse("3399ff", out var parsed));
        Assert.Equal(color, parsed);
        Assert.False(RgbColor.TryParse("3399f", out _));
        Assert.False(RgbColor.TryParse("3399fg", out _));
    }
}
