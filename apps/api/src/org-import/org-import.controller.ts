import { DomainError } from '@campaign/domain';
import {
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  StreamableFile,
  UploadedFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';

import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { Policy } from '../auth/policy.decorator.js';
import type { Principal } from '../auth/principal.js';
import { ErrorBody, invalidFields } from '../common/api-error.js';
import { ImportUpload } from '../evidence/uploads.js';
import {
  attachment,
  TEMPLATE_FILE_NAME,
  TEMPLATE_FILE_NAME_ZH,
  templateCsv,
  templateWorkbook,
} from './import-template.js';
import { ImportQueryDto, ImportResultView, TemplateQueryDto } from './org-import.dto.js';
import { type ImportFile, OrgImportService } from './org-import.service.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv; charset=utf-8';

@ApiTags('import')
@ApiBearerAuth()
@Controller('import')
export class OrgImportController {
  constructor(private readonly imports: OrgImportService) {}

  /** The blank roster: both sheets in one workbook, or one sheet as CSV. */
  @Get('template')
  @Policy('import.run')
  @ApiProduces(XLSX_TYPE, CSV_TYPE)
  @ApiOkResponse({ description: 'The template file (attachment)' })
  async template(@Query() query: TemplateQueryDto): Promise<StreamableFile> {
    if (query.format === 'csv') {
      if (!query.sheet) {
        throw invalidFields([
          { field: 'sheet', messages: ['sheet must be units or people for format=csv'] },
        ]);
      }
      const zh = query.sheet === 'units' ? '单位' : '人员';
      return new StreamableFile(templateCsv(query.sheet), {
        type: CSV_TYPE,
        disposition: attachment(
          `${TEMPLATE_FILE_NAME}-${query.sheet}.csv`,
          `${TEMPLATE_FILE_NAME_ZH}-${zh}.csv`,
        ),
      });
    }
    return new StreamableFile(await templateWorkbook(), {
      type: XLSX_TYPE,
      disposition: attachment(`${TEMPLATE_FILE_NAME}.xlsx`, `${TEMPLATE_FILE_NAME_ZH}.xlsx`),
    });
  }

  /**
   * Imports units and people from an .xlsx roster (sheets 单位 Units and 人员 People) or one CSV.
   * The whole file is checked first; any problem answers 422 listing every one, and nothing is
   * written. Otherwise it is applied in one transaction; unchanged rows are left untouched.
   */
  @Post()
  @HttpCode(200)
  @Policy('import.run')
  @ImportUpload()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary', description: '.xlsx or .csv, at most 10 MB' },
      },
    },
  })
  @ApiOkResponse({ type: ImportResultView })
  @ApiBadRequestResponse({ description: 'No file, or not a readable .xlsx / UTF-8 .csv' })
  @ApiPayloadTooLargeResponse({
    description:
      'Larger than 10 MB, unpacks past IMPORT_MAX_UNPACKED_MB, or a sheet over 50,000 rows',
  })
  @ApiUnprocessableEntityResponse({
    type: ErrorBody,
    description: 'Every problem in the file, under `problems`',
  })
  async run(
    @UploadedFile() file: ImportFile | undefined,
    @Query() query: ImportQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ImportResultView> {
    if (!file?.buffer || file.buffer.length === 0) {
      throw new DomainError(
        'invalid',
        'send the roster as a non-empty multipart form field "file"',
      );
    }
    return this.imports.import(file, principal.scope('import.run'), {
      dryRun: query.dryRun === 'true',
      sheet: query.sheet,
    });
  }
}
