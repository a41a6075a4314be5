using Fulgur.Protocol.Types;
using System.Text.Json;
using CsCheck;
using Fulgur.Bitcoin;
using Fulgur.Crypto;
using Fulgur.Node.Rpc;

namespace Fulgur.Node.Tests.Rpc;

public class RpcParamParserTests
{
    private static object? Parse(RpcParamType type, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return RpcParamParser.TryParse(type, doc.RootElement, out var value, out _) ? value : null;
    }

    [Theory]
    [InlineData("1000", 1000L)]
    [InlineData("\"1000msat\"", 1000L)]
    [InlineData("\"5sat\"", 5000L)]
    [InlineData("\"0.001btc\"", 100_000_000L)]
    [InlineData("\"1btc\"", 100_000_000_000L)]
    [InlineData("\"0.00000000001btc\"", 1L)]
    [InlineData("\"1234\"", 1234L)]
    public void Msat_amounts_in_every_spelling(string json, long msat) =>
        Assert.Equal(new MilliSatoshi(msat), Parse(RpcParamType.MilliSatoshi, json));

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"\"")]
    [InlineData("\"sat\"")]
    [InlineData("\"12abc\"")]
    [InlineData("\"1.5sat\"")]
    [InlineData("\"0.000000000001btc\"")]
    [InlineData("\"99999999999999999999msat\"")]
    [InlineData("\"18446744073709552sat\"")]
    [InlineData("\"-5sat\"")]
    [InlineData("\" 5sat\"")]
    [InlineData("true")]
    [InlineData("[]")]
    public void Bad_amounts_are_refused(string json) => Assert.Null(Parse(RpcParamType.MilliSatoshi, json));

    [Fact]
    public void Satoshi_amounts_read_integers_as_sat_and_refuse_fractions()
    {
        Assert.Equal(new Satoshi(5), Parse(RpcParamType.Satoshi, "5"));
        Assert.Equal(new Satoshi(5), Parse(RpcParamType.Satoshi, "\"5000msat\""));
        Assert.Equal(new Satoshi(100_000), Parse(RpcParamType.Satoshi, "\"0.001btc\""));
        Assert.Null(Parse(RpcParamType.Satoshi, "\"5001msat\""));
    }

    [Fact]
    public void Any_and_all_stand_for_an_amount_where_declared()
    {
        Assert.Equal(MilliSatoshiOrAny.Any, Parse(RpcParamType.MilliSatoshiOrAny, "\"any\""));
        Assert.Equal(new MilliSatoshiOrAny(false, new MilliSatoshi(5000)), Parse(RpcParamType.MilliSatoshiOrAny, "\"5sat\""));
        Assert.Equal(new MilliSatoshiOrAny(false, new MilliSatoshi(7)), Parse(RpcParamType.MilliSatoshiOrAny, "7"));
        Assert.Null(Parse(RpcParamType.MilliSatoshiOrAny, "\"all\""));
        Assert.Equal(SatoshiOrAll.All, Parse(RpcParamType.SatoshiOrAll, "\"all\""));
        Assert.Equal(new SatoshiOrAll(false, new Satoshi(7)), Parse(RpcParamType.SatoshiOrAll, "7"));
        Assert.Null(Parse(RpcParamType.SatoshiOrAll, "\"any\""));
        Assert.Null(Parse(RpcParamType.MilliSatoshi, "\"any\""));
    }

    [Theory]
    [InlineData("\"103:1:0\"", 103u, 1u, (ushort)0)]
    [InlineData("\"103x1x0\"", 103u, 1u, (ushort)0)]
    [InlineData("\"16777215:16777215:65535\"", 16777215u, 16777215u, (ushort)65535)]
    public void Short_channel_ids_in_both_spellings(string json, uint block, uint tx, ushort output)
    {
        var scid = Assert.IsType<ShortChannelId>(Parse(RpcParamType.ShortChannelId, json));
        Assert.Equal((block, tx, output), (scid.BlockHeight, scid.TransactionIndex, scid.OutputIndex));
        Assert.Equal($"{block}:{tx}:{output}", scid.ToString());
    }

    [Theory]
    [InlineData("\"103:1\"")]
    [InlineData("\"103:1:0:0\"")]
    [InlineData("\"16777216:0:0\"")]
    [InlineData("\"1:2:65536\"")]
    [InlineData("\"1x2:3\"")]
    [InlineData("\"a:b:c\"")]
    [InlineData("\"::\"")]
    [InlineData("103")]
    public void Bad_short_channel_ids_are_refused(string json) => Assert.Null(Parse(RpcParamType.ShortChannelId, json));

    [Fact]
    public void Node_ids_must_be_valid_compressed_points()
    {
        using var key = PrivateKey.Generate();
        var hex = key.PublicKey.ToHex();
        Assert.Equal(key.PublicKey, Parse(RpcParamType.NodeId, $"\"{hex}\""));
        Assert.Null(Parse(RpcParamType.NodeId, $"\"{hex[..64]}\""));
        Assert.Null(Parse(RpcParamType.NodeId, "\"04" + hex[2..] + "\""));
        Assert.Null(Parse(RpcParamType.NodeId, "\"02" + new string('0', 64) + "\""));
        Assert.Null(Parse(RpcParamType.NodeId, "\"zz" + hex[2..] + "\""));
        Assert.Null(Parse(RpcParamType.NodeId, Hex.Encode(key.PublicKey.Compressed).Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Hashes_are_64_hex_characters()
    {
        var hex = new string('a', 64);
        Assert.Equal(hex, Parse(RpcParamType.Hash32, $"\"{hex}\"")!.ToString());
        Assert.Null(Parse(RpcParamType.Hash32, $"\"{hex[..62]}\""));
        Assert.Null(Parse(RpcParamType.Hash32, $"\"{new string('g', 64)}\""));
    }

    [Fact]
    public void Numbers_and_booleans()
    {
        Assert.Equal(42u, Parse(RpcParamType.U32, "42"));
        Assert.Equal(42u, Parse(RpcParamType.U32, "\"42\""));
        Assert.Null(Parse(RpcParamType.U32, "4294967296"));
        Assert.Null(Parse(RpcParamType.U32, "-1"));
        Assert.Null(Parse(RpcParamType.U32, "1.5"));
        Assert.Equal(ulong.MaxValue, Parse(RpcParamType.U64, "18446744073709551615"));
        Assert.Equal(0.5, Parse(RpcParamType.Number, "0.5"));
        Assert.Null(Parse(RpcParamType.Number, "\"abc\""));
        Assert.Equal(true, Parse(RpcParamType.Flag, "true"));
        Assert.Equal(false, Parse(RpcParamType.Flag, "\"false\""));
        Assert.Null(Parse(RpcParamType.Flag, "1"));
    }

    [Fact]
    public void Random_strings_never_throw()
    {
        Gen.String.Sample(s =>
        {
            var json = JsonSerializer.Serialize(s);
            foreach (var type in Enum.GetValues<RpcParamType>())
                _ = Parse(type, json);
        }, iter: 2000);
    }
}
