using System.Text.Json;
using Fulgur.Node.Rpc;
using Fulgur.Node.Tests.Rpc;
using Fulgur.Node.Tests.Support;
using Fulgur.Protocol.Types;
using static Fulgur.Node.Tests.Invoices.InvoiceRpc;

namespace Fulgur.Node.Tests.Invoices;

/// <summary>
/// Replays the examples of the invoice pages that need an invoice first (marked <c>example-needs-invoice</c>, skipped by
/// RpcDocsTests): the invoice "coffee" is created, and paid where the example shows it paid.
/// </summary>
public sealed class InvoiceDocExampleTests
{
    [Theory]
    [InlineData("listinvoices", true)]
    [InlineData("waitinvoice", true)]
    [InlineData("waitanyinvoice", true)]
    [InlineData("delinvoice", false)]
    public async Task The_page_example_gives_the_documented_shape(string command, bool paid)
    {
        var page = RpcDocs.TryGetPage(command)!;
        Assert.Contains("<!-- example-needs-invoice:", page, StringComparison.Ordinal);
        var example = page[page.IndexOf("\n## Example\n", StringComparison.Ordinal)..];
        var blocks = RpcDocsTests.JsonBlock().Matches(example).Select(m => m.Groups[1].Value).ToList();
        using var request = JsonDocument.Parse(blocks[0]);
        using var documented = JsonDocument.Parse(blocks[1]);

        await using var node = await InProcessNode.StartAsync();
        var created = await ResultAsync(node.Host, "invoice", """{"amount_msat": 10000, "label": "coffee", "description": "1 cup coffee"}""");
        if (paid)
        {
            await Service(node.Host).MarkPaidAsync(PaymentHash.Parse(created.GetProperty("payment_hash").GetString()!),
                new MilliSatoshi(10000), DateTimeOffset.UtcNow, CancellationToken.None);
        }
        using var client = await RawRpcClient.ConnectAsync(node.Host.Context.Config.RpcSocketPath);
        await client.SendAsync(blocks[0]);
        var response = await client.ReadAsync(WaitLimit);
        Assert.True(response.TryGetProperty("result", out var result), $"{command}.md example failed: {response}");
        Assert.Equal(RpcDocsTests.Shape(documented.RootElement), RpcDocsTests.Shape(result));
    }
}
