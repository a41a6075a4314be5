using CsCheck;
using Fulgur.Crypto;
using Fulgur.DevChain.Rpc;

namespace Fulgur.DevChain.Tests;

/// <summary>Untrusted input never escapes as anything but bitcoind's error answers.</summary>
public sealed class GarbageInputTests : IDisposable
{
    private readonly ChainFixture _f = new(matureBlocks: 1);
    private readonly HttpRpcServer _server;

    public GarbageInputTests() => _server = new HttpRpcServer("127.0.0.1", 1, "u", "p", _f.Rpc);

    public void Dispose()
    {
        _server.Dispose();
        _f.Dispose();
    }

    [Fact]
    public void RandomRawTransactions_RefusedWithRpcErrors()
    {
        var valid = _f.Spend(_f.Coinbase(1).OutPoint, _f.Coinbase(1).Output).ToBytes();
        // Random bytes, and truncations/bit flips of a real transaction.
        var gen = Gen.OneOf(
            Gen.Byte.Array[0, 300],
            Gen.Int[0, valid.Length - 1].Select(n => valid[..n]),
            Gen.Int[0, valid.Length - 1].Select(Gen.Byte, (i, b) =>
            {
                var copy = (byte[])valid.Clone();
                copy[i] ^= (byte)(b | 1);
                return copy;
            }));
        gen.Sample(bytes =>
        {
            try
            {
                _f.Call("sendrawtransaction", Hex.Encode(bytes));
            }
            catch (RpcException e)
            {
                Assert.Contains(e.Code, new[] { RpcErrorCode.DeserializationError, RpcErrorCode.VerifyError, RpcErrorCode.VerifyRejected });
            }
            Assert.Equal(0, _f.Chain.Pool.Count);
        }, iter: 300);
    }

    [Fact]
    public void RandomBodies_AlwaysAnswered()
    {
        Gen.String.Sample(body =>
        {
            var (status, _) = _server.Dispatch(body);
            Assert.Contains(status, new[] { 200, 204, 400, 404, 500 });
        }, iter: 300);
        Gen.Byte.Array[0, 64].Sample(bytes =>
        {
            var (status, _) = _server.Dispatch("""{"method":"getblock","params":[""" + "\"" + Hex.Encode(bytes) + "\"" + """],"id":1}""");
            Assert.Contains(status, new[] { 200, 500 });
        }, iter: 100);
    }
}
