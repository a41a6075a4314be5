using System.Text.Json.Nodes;
using Fulgur.Cli;

namespace Fulgur.Node.Tests.Cli;

public class CliArgumentsTests
{
    private static CliArguments Parse(params string[] args)
    {
        Assert.True(CliArguments.TryParse(args, out var parsed, out var error), error);
        return parsed;
    }

    [Theory]
    [InlineData("42", "42")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("[1,\"a\"]", "[1,\"a\"]")]
    [InlineData("{\"a\":1}", "{\"a\":1}")]
    [InlineData("hello", "\"hello\"")]
    [InlineData("1000msat", "\"1000msat\"")]
    [InlineData("0.001btc", "\"0.001btc\"")]
    [InlineData("103x1x0", "\"103x1x0\"")]
    [InlineData("02abc", "\"02abc\"")]
    [InlineData("[not json", "\"[not json\"")]
    [InlineData("\"quoted\"", "\"\\u0022quoted\\u0022\"")]
    [InlineData("", "\"\"")]
    public void Values_that_parse_as_json_are_sent_as_json(string text, string json) =>
        Assert.Equal(json, CliArguments.ParseValue(text)?.ToJsonString() ?? "null");

    [Fact]
    public void Parameters_are_positional_by_default()
    {
        var cli = Parse("--lightning-dir=/x", "getroute", "02aa", "1000", "1");
        Assert.Equal(("/x", "getroute"), (cli.LightningDir, cli.Method));
        Assert.Equal("[\"02aa\",1000,1]", cli.Params!.ToJsonString());
    }

    [Fact]
    public void Keyword_parameters_with_k()
    {
        var cli = Parse("-k", "getroute", "id=02aa", "msatoshi=1000", "exclude=[\"1x2x3/0\"]");
        Assert.Equal(ParamStyle.Keywords, cli.Style);
        var p = Assert.IsType<JsonObject>(cli.Params);
        Assert.Equal("02aa", p["id"]!.GetValue<string>());
        Assert.Equal(1000, p["msatoshi"]!.GetValue<int>());
        Assert.Single(p["exclude"]!.AsArray());
    }

    [Fact]
    public void Options_may_follow_the_method_and_take_a_separate_value()
    {
        var cli = Parse("help", "-H", "--network", "testnet", "--rpc-file=sock", "getinfo");
        Assert.True(cli.HumanReadable);
        Assert.Equal(("testnet", "sock", "help"), (cli.Network, cli.RpcFile, cli.Method));
        Assert.Equal("[\"getinfo\"]", cli.Params!.ToJsonString());
    }

    [Fact]
    public void Double_dash_ends_options_and_negative_numbers_are_values()
    {
        Assert.Equal("[-5,\"-k\"]", Parse("m", "-5", "--", "-k").Params!.ToJsonString());
    }

    [Theory]
    [InlineData("no METHOD given")]
    [InlineData("unknown option '--bogus'", "--bogus", "getinfo")]
    [InlineData("unknown option '-x'", "-x", "getinfo")]
    [InlineData("with -k every parameter is name=value, not 'plain'", "-k", "getinfo", "plain")]
    [InlineData("parameter 'a' given twice", "-k", "m", "a=1", "a=2")]
    [InlineData("--network needs a value", "getinfo", "--network")]
    [InlineData("--lightning-dir needs a value", "--lightning-dir=", "getinfo")]
    public void Usage_errors(string message, params string[] args)
    {
        Assert.False(CliArguments.TryParse(args, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Human_readable_help_is_text()
    {
        var one = JsonNode.Parse("{\"help\":[{\"command\":\"stop\",\"category\":\"utility\",\"description\":\"d\",\"verbose\":\"# stop -- page\\n\"}]}");
        Assert.Equal("# stop -- page\n", HumanReadable.Render("help", one));
        var many = JsonNode.Parse("{\"help\":[{\"command\":\"a [x]\",\"description\":\"does a\"},{\"command\":\"b\",\"description\":\"does b\"}]}");
        Assert.Equal("a [x]\n    does a\n\nb\n    does b\n\n", HumanReadable.Render("help", many));
        var info = JsonNode.Parse("{\"id\":\"02aa\",\"num_peers\":0,\"address\":[],\"nested\":{\"x\":true}}");
        Assert.Equal("id=02aa\nnum_peers=0\naddress=\nnested.x=true\n", HumanReadable.Render("getinfo", info));
    }
}
