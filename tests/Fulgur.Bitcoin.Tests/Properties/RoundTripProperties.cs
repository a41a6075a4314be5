using CsCheck;
using Fulgur.Bitcoin.Addresses;
using Fulgur.Bitcoin.Bip32;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;

namespace Fulgur.Bitcoin.Tests.Properties;

/// <summary>CsCheck properties: serialization round trips, and garbage never throwing out of a TryParse.</summary>
public sealed class RoundTripProperties
{
    private static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 80];

    private static readonly Gen<Script> Scripts = Bytes.Select(b => Script.FromBytes(b));

    private static readonly Gen<Witness> Witnesses = Gen.Byte.Array[0, 75].Array[0, 4].Select(items => Witness.Create(items));

    private static readonly Gen<TxIn> Inputs = Gen.Select(
        Gen.Byte.Array[32], Gen.UInt, Scripts, Gen.UInt, Witnesses,
        (hash, index, scriptSig, sequence, witness) => new TxIn(new OutPoint(TxId.FromBytes(hash), index), scriptSig, sequence, witness));

    private static readonly Gen<TxOut> Outputs = Gen.Select(Gen.Long, Scripts, (value, script) => new TxOut(new Satoshi(value), script));

    private static readonly Gen<Transaction> Transactions = Gen.Select(
        Gen.UInt, Inputs.Array[1, 4], Outputs.Array[0, 4], Gen.UInt,
        (version, inputs, outputs, lockTime) => new Transaction(version, inputs, outputs, lockTime));

    [Fact]
    public void Transactions_round_trip_through_bytes()
    {
        Transactions.Sample(tx =>
        {
            var bytes = tx.ToBytes();
            Assert.True(Transaction.TryParse(bytes, out var parsed, out var error), error);
            Assert.Equal(tx, parsed);
            Assert.Equal(bytes, parsed.ToBytes());
            Assert.Equal(tx.TxId, parsed.TxId);
            Assert.Equal(tx.HasWitness, parsed.HasWitness);
            Assert.Equal(tx.TxId, tx.WithoutWitness().TxId);
            Assert.True(tx.HasWitness ? tx.TotalSize > tx.BaseSize : tx.TotalSize == tx.BaseSize);
            Assert.True(Transaction.TryParse(tx.ToBytes(includeWitness: false), out var stripped, out _, allowWitness: false));
            Assert.Equal(tx.TxId, stripped.TxId);
        }, iter: 2000);
    }

    [Fact]
    public void Built_scripts_parse_back_into_their_pushes()
    {
        Gen.Byte.Array[0, 600].Array[0, 6].Sample(pushes =>
        {
            var builder = new ScriptBuilder();
            foreach (var push in pushes)
                builder.Push(push);
            var script = builder.ToScript();
            Assert.True(script.TryGetOps(out var ops, out var error), error);
            Assert.Equal(pushes.Length, ops.Count);
            for (var i = 0; i < pushes.Length; i++)
            {
                Assert.True(ops[i].IsMinimalPush || ops[i].SmallInteger is not null);
                var pushed = ops[i].SmallInteger is { } n ? [(byte)(n == -1 ? 0x81 : n)] : ops[i].Push.ToArray();
                Assert.Equal(pushes[i], pushed);
            }
            Assert.True(script.IsPushOnly());
        }, iter: 1000);
    }

    [Fact]
    public void Script_numbers_round_trip()
    {
        Gen.Long.Sample(value =>
        {
            var encoded = ScriptNum.Encode(value == long.MinValue ? value + 1 : value);
            Assert.True(ScriptNum.TryDecode(encoded, true, 8, out var decoded, out _) || encoded.Length > 8);
            if (encoded.Length <= 8)
                Assert.Equal(value == long.MinValue ? value + 1 : value, decoded);
        });
    }

    [Fact]
    public void Garbage_never_throws_from_any_parser()
    {
        Gen.Byte.Array[0, 300].Sample(bytes =>
        {
            _ = Transaction.TryParse(bytes, out _, out _);
            _ = Transaction.TryParse(bytes, out _, out _, allowWitness: false);
            _ = Block.TryParse(bytes, out _, out _);
            _ = BlockHeader.TryParse(bytes, out _, out _);
            var script = Script.FromBytes(bytes);
            _ = script.TryGetOps(out _, out _);
            _ = script.ToAsm();
            _ = script.IsPushOnly();
            _ = script.IsOpReturn;
        }, iter: 5000);
    }

    [Fact]
    public void Garbage_segwit_prefixed_bytes_never_throw()
    {
        // Version, then the segwit marker and a random flag, then noise: exercises the witness branches.
        Gen.Select(Gen.Byte, Gen.Byte.Array[0, 200], (flag, rest) => (byte[])[2, 0, 0, 0, 0, flag, .. rest]).Sample(bytes =>
        {
            if (Transaction.TryParse(bytes, out var tx, out _))
                Assert.Equal(bytes, tx.ToBytes());
        }, iter: 5000);
    }

    [Fact]
    public void Garbage_strings_never_throw_from_text_parsers()
    {
        Gen.String[Gen.Char["0123456789abcdefqpzry9x8gf2tvdw0s3jn54khce6mua7l1BCHJKLMNPQRSTUVWXYZ'/mh "], 0, 120].Sample(text =>
        {
            foreach (var network in Network.All)
                _ = Address.TryParse(text, network, out _, out _);
            _ = Bech32.TryDecode(text, 1000, out _, out _, out _, out _);
            _ = ExtKey.TryParse(text, out _, out _, out _);
            _ = ExtPubKey.TryParse(text, out _, out _, out _);
            _ = KeyPath.TryParse(text, out _);
            _ = TxId.TryParse(text, out _);
            _ = OutPoint.TryParse(text, out _);
        }, iter: 3000);
    }

    [Fact]
    public void Segwit_addresses_round_trip()
    {
        Gen.Select(Gen.Int[0, 16], Gen.Byte.Array[2, 40], (version, program) => (version, program))
            .Where(p => p.version != 0 || p.program.Length is 20 or 32)
            .Sample(p =>
            {
                var script = StandardScripts.WitnessProgram(p.version, p.program);
                foreach (var network in Network.All)
                {
                    var address = Address.Format(script, network);
                    Assert.True(Address.TryParse(address, network, out var back, out var error), error);
                    Assert.Equal(script, back);
                    Assert.True(Address.TryParse(address.ToUpperInvariant(), network, out _, out _));
                }
            }, iter: 500);
    }
}
