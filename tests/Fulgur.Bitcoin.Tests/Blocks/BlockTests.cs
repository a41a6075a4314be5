using System.Numerics;
using Fulgur.Bitcoin.Blocks;
using Fulgur.Bitcoin.Encoding;
using Fulgur.Bitcoin.Scripts;
using Fulgur.Bitcoin.Transactions;
using Fulgur.Crypto;
using Fulgur.TestKit;

namespace Fulgur.Bitcoin.Tests.Blocks;

public sealed class BlockTests
{
    [Theory]
    [InlineData("bitcoin", "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f")]
    [InlineData("testnet", "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943")]
    [InlineData("signet", "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6")]
    [InlineData("regtest", "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206")]
    public void Genesis_hashes_match_bitcoind(string name, string hash)
    {
        Assert.True(Network.TryGetByName(name, out var network));
        Assert.Equal(hash, network.ChainHash.ToString());
        var genesis = network.GenesisBlock;
        Assert.Equal("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b", genesis.Header.MerkleRoot.ToString());
        Assert.Equal(genesis.Header.MerkleRoot, genesis.ComputeMerkleRoot(out var mutated));
        Assert.False(mutated);
        Assert.True(genesis.Header.Bits.IsMetBy(genesis.Hash, network.PowLimit));
        Assert.True(Network.TryGetByChainHash(network.ChainHash, out var found));
        Assert.Same(network, found);
    }

    [Fact]
    public void Bolt7_chain_hash_is_the_genesis_hash_in_internal_order()
    {
        // BOLT #7: "MUST set `chain_hash` value (encoded in hex) equal to
        // `6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000`."
        Assert.Equal("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000", Hex.Encode(Network.Bitcoin.ChainHash.ToBytes()));
    }

    [SkippableFact]
    public void Bolt3_regtest_genesis_block_serializes_as_built()
    {
        // BOLT #3's funding test chain quotes the regtest genesis block: "Block 0 (genesis): 0100…".
        var text = SharedData.ReadText("bolts/03-transactions.md");
        var start = text.IndexOf("Block 0 (genesis): ", StringComparison.Ordinal) + "Block 0 (genesis): ".Length;
        var hex = text[start..text.IndexOf('\n', start)].Trim();
        Assert.Equal(hex, Network.Regtest.GenesisBlock.ToHex());
        Assert.True(Block.TryParse(Hex.Decode(hex), out var block, out var error), error);
        Assert.Equal(Network.Regtest.ChainHash, block.Hash);

        var block1Start = text.IndexOf("    Block 1: ", StringComparison.Ordinal) + "    Block 1: ".Length;
        var block1 = text[block1Start..text.IndexOf('\n', block1Start)].Trim();
        Assert.True(Block.TryParse(Hex.Decode(block1), out var parsed1, out error), error);
        Assert.Equal(block1, parsed1.ToHex());
        Assert.Equal(Network.Regtest.ChainHash, parsed1.Header.PreviousBlock);
        Assert.Equal(parsed1.Header.MerkleRoot, parsed1.ComputeMerkleRoot(out _));
        Assert.True(parsed1.Header.Bits.IsMetBy(parsed1.Hash, Network.Regtest.PowLimit));
    }

    [Fact]
    public void Truncated_or_padded_blocks_are_rejected()
    {
        var bytes = Network.Bitcoin.GenesisBlock.ToBytes();
        for (var length = 0; length < bytes.Length; length++)
            Assert.False(Block.TryParse(bytes.AsSpan(0, length), out _, out _));
        Assert.False(Block.TryParse([.. bytes, 0], out _, out var error));
        Assert.Contains("trailing", error, StringComparison.Ordinal);
        Assert.False(BlockHeader.TryParse(bytes.AsSpan(0, 79), out _, out _));
        Assert.True(BlockHeader.TryParse(bytes.AsSpan(0, 80), out var header, out _));
        Assert.Equal(Network.Bitcoin.ChainHash, header.Hash);
    }

    [Theory]
    [InlineData(0x1d00ffffu, "ffff0000000000000000000000000000000000000000000000000000")]
    [InlineData(0x207fffffu, "7fffff0000000000000000000000000000000000000000000000000000000000")]
    [InlineData(0x1b0404cbu, "0404cb000000000000000000000000000000000000000000000000")]
    [InlineData(0x03123456u, "123456")]
    [InlineData(0x02123456u, "1234")]
    [InlineData(0x01123456u, "12")]
    public void Compact_targets_expand_and_compress(uint bits, string targetHex)
    {
        var compact = new CompactTarget(bits);
        Assert.True(compact.TryGetTarget(out var target));
        Assert.Equal(BigInteger.Parse("0" + targetHex, System.Globalization.NumberStyles.HexNumber), target);
        if (bits >> 24 >= 3)
            Assert.Equal(compact, CompactTarget.FromTarget(target));
    }

    [Theory]
    [InlineData(0x04923456u)] // negative
    [InlineData(0x01803456u)] // negative after the shift
    [InlineData(0x00000000u)] // zero
    [InlineData(0xff123456u)] // overflow
    [InlineData(0x22000100u)] // overflow: 2 mantissa bytes at exponent 34
    public void Invalid_compact_targets_are_refused(uint bits)
    {
        Assert.False(new CompactTarget(bits).TryGetTarget(out _));
        Assert.False(new CompactTarget(bits).IsMetBy(BlockHash.Zero, Network.Regtest.PowLimit));
    }

    [Fact]
    public void Compact_rounding_moves_the_sign_bit_out_of_the_mantissa()
    {
        // bitcoind's GetCompact: 0x80 needs a leading zero byte so the mantissa stays positive.
        Assert.Equal(new CompactTarget(0x02008000), CompactTarget.FromTarget(0x80));
        Assert.Equal(new CompactTarget(0x05009234), CompactTarget.FromTarget(new BigInteger(0x92340000)));
    }

    [Fact]
    public void Merkle_root_duplicates_an_odd_last_node_and_flags_mutation()
    {
        var a = Hash256.DoubleSha256([1]);
        var b = Hash256.DoubleSha256([2]);
        var c = Hash256.DoubleSha256([3]);
        var three = MerkleTree.ComputeRoot([a, b, c], out var mutated);
        Assert.False(mutated);
        var four = MerkleTree.ComputeRoot([a, b, c, c], out mutated);
        Assert.True(mutated);
        Assert.Equal(three, four); // CVE-2012-2459: same root, different lists
        Assert.Equal(a, MerkleTree.ComputeRoot([a], out _));
        Assert.Equal(Hash256.Zero, MerkleTree.ComputeRoot([], out _));
    }

    [Fact]
    public void Witness_commitment_round_trips_through_a_coinbase()
    {
        var spend = new TransactionBuilder()
            .AddInput(new OutPoint(TxId.Parse(new string('1', 64)), 0))
            .AddOutput(new Satoshi(1000), StandardScripts.P2WshFromHash(new byte[32]))
            .SetWitness(0, Witness.Create([0x30, 0x01], [0x02]))
            .ToTransaction();
        var reserved = Hash256.Zero;
        var coinbaseDraft = new TransactionBuilder()
            .AddInput(new TxIn(OutPoint.Null, Script.FromHex("0151"), TxIn.SequenceFinal, Witness.Create(new byte[32])))
            .AddOutput(new Satoshi(50), StandardScripts.P2WpkhFromHash(new byte[20]))
            .ToTransaction();
        var root = MerkleTree.WitnessMerkleRoot([coinbaseDraft, spend]);
        var commitment = WitnessCommitment.Compute(root, reserved);
        var coinbase = coinbaseDraft.WithOutputs([.. coinbaseDraft.Outputs, new TxOut(Satoshi.Zero, WitnessCommitment.CreateScript(commitment))]);
        Assert.StartsWith("6a24aa21a9ed", coinbase.Outputs[1].ScriptPubKey.ToHex(), StringComparison.Ordinal);

        Assert.True(WitnessCommitment.TryFind(coinbase, out var index, out var found));
        Assert.Equal(1, index);
        Assert.Equal(commitment, found);
        Assert.True(WitnessCommitment.TryValidate([coinbase, spend], out var error), error);

        var tampered = spend.WithWitness(0, Witness.Create([0x30, 0x02]));
        Assert.False(WitnessCommitment.TryValidate([coinbase, tampered], out error));
        Assert.Equal("bad-witness-merkle-match", error);
        Assert.False(WitnessCommitment.TryValidate([coinbaseDraft, spend], out error));
        Assert.Equal("unexpected-witness", error);

        var header = new BlockHeader(0x20000000, Network.Regtest.ChainHash, MerkleTree.BlockMerkleRoot([coinbase, spend], out _), 1296688603, new CompactTarget(0x207fffff), 0);
        var block = new Block(header, [coinbase, spend]);
        Assert.True(Block.TryParse(block.ToBytes(), out var parsed, out error), error);
        Assert.Equal(block.ToHex(), parsed.ToHex());
        Assert.True(block.Weight > 4 * block.ToBytes(includeWitness: false).Length);
    }
}
