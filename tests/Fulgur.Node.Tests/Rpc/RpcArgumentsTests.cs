using Fulgur.Protocol.Types;
using System.Text.Json;
using Fulgur.Node.Rpc;

namespace Fulgur.Node.Tests.Rpc;

public class RpcArgumentsTests
{
    private static readonly RpcParam[] Declaration =
    [
        RpcParam.Required("payment_hash", RpcParamType.Hash32, "hash", "hash", "rhash"),
        RpcParam.Required("amount_msat", RpcParamType.MilliSatoshi, "amount", "msatoshi"),
        RpcParam.Optional("cltv", RpcParamType.U32, "cltv", 18u),
        RpcParam.Optional("label", RpcParamType.Text, "label"),
    ];

    private static readonly string Hash = new('a', 64);

    private static (RpcArguments? Args, RpcError? Error) Bind(string json)
    {
        using var doc = JsonDocument.Parse(json);
        RpcArguments.TryBind(Declaration, doc.RootElement, out var args, out var error);
        return (args, error);
    }

    [Fact]
    public void Positional_parameters_bind_in_order_with_defaults()
    {
        var (args, error) = Bind($"[\"{Hash}\", \"5sat\"]");
        Assert.Null(error);
        Assert.Equal(new MilliSatoshi(5000), args!.Get<MilliSatoshi>("amount_msat"));
        Assert.Equal(18u, args.Get<uint>("cltv"));
        Assert.False(args.Has("label"));
    }

    [Theory]
    [InlineData("payment_hash", "amount_msat")]
    [InlineData("hash", "msatoshi")]
    [InlineData("rhash", "amount_msat")]
    public void Named_parameters_accept_every_alias(string hashName, string amountName)
    {
        var (args, error) = Bind($"{{\"{hashName}\": \"{Hash}\", \"{amountName}\": 7, \"cltv\": 9}}");
        Assert.Null(error);
        Assert.Equal(Hash, args!.Get<Hash32>("payment_hash").ToString());
        Assert.Equal(new MilliSatoshi(7), args.Get<MilliSatoshi>("amount_msat"));
        Assert.Equal(9u, args.Get<uint>("cltv"));
    }

    [Fact]
    public void Null_counts_as_omitted()
    {
        var (args, error) = Bind($"[\"{Hash}\", 1, null, null]");
        Assert.Null(error);
        Assert.Equal(18u, args!.Get<uint>("cltv"));
    }

    [Theory]
    [InlineData("{\"payment_hash\": \"HASH\", \"amount_msat\": 1, \"bogus\": 1}", "unknown parameter: 'bogus'")]
    [InlineData("{\"amount_msat\": 1}", "missing required parameter: payment_hash")]
    [InlineData("[\"HASH\", 1, 2, \"x\", 5]", "too many parameters: got 5, expected at most 4")]
    [InlineData("{\"hash\": \"HASH\", \"rhash\": \"HASH\", \"amount_msat\": 1}", "payment_hash: given twice, as 'hash' and as 'rhash'")]
    [InlineData("[\"HASH\", \"lots\"]", "amount_msat: should be an amount")]
    [InlineData("{\"payment_hash\": \"HASH\", \"msatoshi\": \"lots\"}", "msatoshi: should be an amount")]
    [InlineData("[\"HASH\", 1, -3]", "cltv: should be a whole number")]
    [InlineData("[\"abc\", 1]", "payment_hash: should be a 32-byte hash")]
    [InlineData("\"just a string\"", "params must be an array or an object")]
    public void Bad_parameters_are_invalid_params_naming_the_parameter(string json, string message)
    {
        var (args, error) = Bind(json.Replace("HASH", Hash, StringComparison.Ordinal));
        Assert.Null(args);
        Assert.Equal(RpcErrorCodes.InvalidParams, error!.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_params_bind_to_an_empty_declaration()
    {
        Assert.True(RpcArguments.TryBind([], null, out var args, out _));
        Assert.NotNull(args);
    }
}
