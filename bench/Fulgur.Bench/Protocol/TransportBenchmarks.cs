using BenchmarkDotNet.Attributes;
using Fulgur.Crypto;
using Fulgur.Protocol.Transport;

namespace Fulgur.Bench.Protocol;

/// <summary>BOLT 8: a full Noise_XK handshake (three acts, both sides) and one encrypted message each way.</summary>
[MemoryDiagnoser]
public class TransportBenchmarks
{
    private readonly PrivateKey _initiatorStatic = PrivateKey.FromHex("1111111111111111111111111111111111111111111111111111111111111111");
    private readonly PrivateKey _responderStatic = PrivateKey.FromHex("2121212121212121212121212121212121212121212121212121212121212121");
    private readonly byte[] _message = new byte[1366 + 40];   // an update_add_htlc-sized message
    private readonly byte[] _frame = new byte[1366 + 40 + 34];
    private readonly byte[] _plain = new byte[1366 + 40];
    private TransportCipher _sender = null!;
    private TransportCipher _receiver = null!;

    [GlobalSetup]
    public void Setup() => (_sender, _receiver) = Handshake();

    [Benchmark(Description = "BOLT 8 handshake, both sides")]
    public TransportCipher HandshakeBothSides() => Handshake().Initiator;

    [Benchmark(Description = "BOLT 8 encrypt+decrypt, 1406-byte message")]
    public int RoundTrip()
    {
        var written = _sender.Encrypt(_message, _frame);
        _receiver.TryDecryptLength(_frame.AsSpan(0, 18), out var length);
        _receiver.TryDecryptBody(_frame.AsSpan(18, length + 16), _plain);
        return written;
    }

    private (TransportCipher Initiator, TransportCipher Responder) Handshake()
    {
        var initiator = NoiseHandshake.Initiator(_initiatorStatic, _responderStatic.PublicKey);
        var responder = NoiseHandshake.Responder(_responderStatic);
        Span<byte> act1 = stackalloc byte[50];
        Span<byte> act2 = stackalloc byte[50];
        Span<byte> act3 = stackalloc byte[66];
        initiator.WriteActOne(act1);
        responder.TryReadActOne(act1, out _);
        responder.WriteActTwo(act2);
        initiator.TryReadActTwo(act2, act3, out var initiatorCipher, out _);
        responder.TryReadActThree(act3, out var responderCipher, out _);
        return (initiatorCipher!, responderCipher!);
    }
}
