// JSON schemas shared by the admin routes (fastify validates bodies and params with them and
// @fastify/swagger publishes them in the OpenAPI document).

export const errorResponse = {
  type: 'object',
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  required: ['error', 'error_description'],
} as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', format: 'uuid' } },
  required: ['id'],
} as const;

export const errorResponses = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
  503: errorResponse,
};

export const security = [{ bearerAuth: [] }];

export const representativeSchema = {
  type: 'object',
  properties: { personalId: { type: 'string', maxLength: 24 }, role: { type: 'string', minLength: 1, maxLength: 200 } },
  required: ['personalId', 'role'],
  additionalProperties: false,
} as const;

export const organizationDetailsProperties = {
  code: { type: 'string', maxLength: 40 },
  nameVi: { type: 'string', minLength: 1, maxLength: 500 },
  nameAbbr: { type: 'string', maxLength: 100 },
  nameForeign: { type: 'string', maxLength: 500 },
  establishedOn: { type: 'string', format: 'date' },
  headOfficeAddress: { type: 'string', maxLength: 1000 },
} as const;
