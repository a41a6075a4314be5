using System.Text.Json.Nodes;
using Fulgur.DevChain.Rpc;

namespace Fulgur.DevChain.Tests;

/// <summary>The JSON-RPC envelope (bitcoind's httprpc.cpp rules) and option parsing, without sockets.</summary>
public sealed class RpcFrontTests : IDisposable
{
    private readonly ChainFixture _f = new();
    private readonly HttpRpcServer _server;

    public RpcFrontTests() => _server = new HttpRpcServer("127.0.0.1", 1, "u", "p", _f.Rpc);

    public void Dispose()
    {
        _server.Dispose();
        _f.Dispose();
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("")]
    public void Garbage_ParseError500(string body)
    {
        var (status, reply) = _server.Dispatch(body);
        Assert.Equal(500, status);
        Assert.Equal(-32700, reply!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public void Legacy_SuccessAndErrorShapes()
    {
        var (status, reply) = _server.Dispatch("""{"method":"getblockcount","params":[],"id":"x"}""");
        Assert.Equal(200, status);
        Assert.Equal("""{"result":0,"error":null,"id":"x"}""", reply!.ToJsonString());
        (status, reply) = _server.Dispatch("""{"method":"nosuch","id":1}""");
        Assert.Equal(404, status);
        Assert.Equal("""{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":1}""", reply!.ToJsonString());
        (status, reply) = _server.Dispatch("""{"method":5,"id":1}""");
        Assert.Equal(400, status);
        (status, _) = _server.Dispatch("""{"method":"getblockhash","params":["x"],"id":1}""");
        Assert.Equal(500, status);
    }

    [Fact]
    public void Version2_NamedParams_Batch_Notification()
    {
        var (status, reply) = _server.Dispatch("""{"jsonrpc":"2.0","method":"getblockhash","params":{"height":0},"id":3}""");
        Assert.Equal(200, status);
        Assert.Equal("2.0", reply!["jsonrpc"]!.GetValue<string>());
        Assert.Equal(Fulgur.Bitcoin.Network.Regtest.ChainHash.ToString(), reply["result"]!.GetValue<string>());
        Assert.False(reply.AsObject().ContainsKey("error"));
        (status, reply) = _server.Dispatch("""{"jsonrpc":"2.0","method":"getblockhash","params":{"nosuch":0},"id":3}""");
        Assert.Equal(200, status);
        Assert.False(reply!.AsObject().ContainsKey("result"));
        (status, reply) = _server.Dispatch("""[{"method":"getblockcount","id":1},{"method":"getbestblockhash","id":2},5]""");
        Assert.Equal(200, status);
        Assert.Equal(3, reply!.AsArray().Count);
        (status, reply) = _server.Dispatch("""{"jsonrpc":"2.0","method":"getblockcount"}""");
        Assert.Equal(204, status);
        Assert.Null(reply);
    }

    [Theory]
    [InlineData(new[] { "--nosuch=1" }, "unknown option --nosuch")]
    [InlineData(new[] { "--nosuch" }, "unknown option --nosuch")]
    [InlineData(new[] { "--rpcport=0" }, "--rpcport")]
    [InlineData(new[] { "--rpcport=x" }, "--rpcport")]
    [InlineData(new[] { "--rpcbind=nowhere" }, "--rpcbind")]
    [InlineData(new[] { "--blocktime=-1" }, "--blocktime")]
    [InlineData(new[] { "--rpcpassword=p" }, "go together")]
    [InlineData(new[] { "stray" }, "unexpected argument")]
    [InlineData(new[] { "--datadir" }, "needs a value")]
    public void BadOptions_Refused(string[] args, string message)
    {
        Assert.False(DevChainOptions.TryParse(args, out _, out var error));
        Assert.Contains(message, error);
    }

    [Fact]
    public void Options_Parsed()
    {
        Assert.True(DevChainOptions.TryParse(["--datadir=/tmp/x", "-rpcport=1234", "--rpcuser=a", "--rpcpassword=b", "--blocktime=5"], out var o, out _));
        Assert.Equal(("/tmp/x", 1234, "a", "b", 5), (o.DataDirectory, o.RpcPort, o.RpcUser, o.RpcPassword, o.BlockTime));
        Assert.True(DevChainOptions.TryParse([], out o, out _));
        Assert.Equal(18443, o.RpcPort);
        Assert.Equal("127.0.0.1", o.RpcBind);
    }
}
